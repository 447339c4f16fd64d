# One image per host project, e.g. docker build --build-arg PROJECT=Silo .
# PROJECT is the project's folder; ASSEMBLY its name when that differs from the folder (tests/SupplierSimulator).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT=Silo
WORKDIR /src
COPY . .
RUN dotnet publish "${PROJECT}" -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG PROJECT=Silo
ARG ASSEMBLY=${PROJECT}
ENV PROJECT_DLL=Orleans.Delivery.${ASSEMBLY}.dll
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$PROJECT_DLL\""]
