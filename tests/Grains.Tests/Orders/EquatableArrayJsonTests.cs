using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Delivery.Grains.Orders;

namespace Orleans.Delivery.Grains.Tests.Orders;

/// <summary>An <see cref="EquatableArray{T}"/> in JSON: a plain array, its elements written by the contract in use.</summary>
public sealed partial class EquatableArrayJsonTests
{
    [Fact]
    public void Serialize_WritesAPlainArrayOfTheElements()
    {
        var shelf = new Shelf([new Book("Dune", 412), new Book("Emma", 474)]);

        var json = JsonSerializer.Serialize(shelf, CamelJson.Default.Shelf);

        Assert.Equal("""{"books":[{"bookTitle":"Dune","pageCount":412},{"bookTitle":"Emma","pageCount":474}]}""", json);
    }

    [Fact]
    public void Serialize_EmptyAndDefault_BothAnEmptyArray()
    {
        Assert.Equal("""{"books":[]}""", JsonSerializer.Serialize(new Shelf([]), CamelJson.Default.Shelf));
        Assert.Equal("""{"books":[]}""", JsonSerializer.Serialize(new Shelf(default), CamelJson.Default.Shelf));
    }

    [Fact]
    public void Serialize_TwoContractsInTurn_EachNamesTheElementsItsOwnWay()
    {
        var shelf = new Shelf([new Book("Dune", 412)]);

        var camel = JsonSerializer.Serialize(shelf, CamelJson.Default.Shelf);
        var snake = JsonSerializer.Serialize(shelf, SnakeJson.Default.Shelf);
        var camelAgain = JsonSerializer.Serialize(shelf, CamelJson.Default.Shelf);

        Assert.Equal("""{"books":[{"bookTitle":"Dune","pageCount":412}]}""", camel);
        Assert.Equal("""{"books":[{"book_title":"Dune","page_count":412}]}""", snake);
        Assert.Equal(camel, camelAgain);
    }

    [Fact]
    public void Deserialize_ReadsWhatWasWrittenAndNullAsEmpty()
    {
        var shelf = new Shelf([new Book("Dune", 412), new Book("Emma", 474)]);

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(shelf, SnakeJson.Default.Shelf), SnakeJson.Default.Shelf);
        var none = JsonSerializer.Deserialize("""{"books":null}""", SnakeJson.Default.Shelf);

        Assert.Equal(shelf.Books, back!.Books);
        Assert.True(none!.Books.IsEmpty);
    }

    public sealed record Book(string BookTitle, int PageCount);

    public sealed record Shelf(EquatableArray<Book> Books);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(Shelf))]
    [JsonSerializable(typeof(Book[]))]
    internal sealed partial class CamelJson : JsonSerializerContext;

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(Shelf))]
    [JsonSerializable(typeof(Book[]))]
    internal sealed partial class SnakeJson : JsonSerializerContext;
}
