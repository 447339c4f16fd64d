namespace Orleans.Delivery.Gateway.Console;

/// <summary>The console's one stylesheet, inlined in every page: no build step, no static files to serve.</summary>
internal static class ConsoleStyles
{
    public const string Css = """
        :root { --ink:#1d2430; --muted:#5b6573; --line:#d9dee5; --bg:#f6f7f9; --accent:#1f5fbf; --ok:#1d7a46; --bad:#b3261e; --test:#8a5a00; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
        a { color:var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline:3px solid #f2b705; outline-offset:2px; }
        header { background:#fff; border-bottom:1px solid var(--line); }
        header .bar { max-width:1100px; margin:0 auto; padding:.5rem 1rem; display:flex; flex-wrap:wrap; align-items:center; gap:.25rem 1rem; }
        header .brand { font-weight:700; margin-right:auto; }
        nav ul { list-style:none; display:flex; flex-wrap:wrap; gap:.25rem .75rem; margin:0; padding:0; }
        nav a { text-decoration:none; padding:.25rem .4rem; border-radius:4px; }
        nav a[aria-current="page"] { background:#e8eefb; font-weight:600; }
        main { max-width:1100px; margin:0 auto; padding:1rem; }
        h1 { font-size:1.4rem; margin:.5rem 0 1rem; }
        h2 { font-size:1.1rem; margin:1.5rem 0 .5rem; }
        .notice, .error { padding:.6rem .8rem; border-radius:6px; margin:0 0 1rem; }
        .notice { background:#e7f5ec; color:var(--ok); border:1px solid #b8e0c7; }
        .error { background:#fdecea; color:var(--bad); border:1px solid #f4c2bd; }
        .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem; margin-bottom:1rem; }
        .table-wrap { overflow-x:auto; background:#fff; border:1px solid var(--line); border-radius:8px; }
        table { border-collapse:collapse; width:100%; }
        th, td { text-align:left; padding:.5rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
        th { font-size:.85rem; color:var(--muted); font-weight:600; }
        tr:last-child td { border-bottom:0; }
        form.filters { display:grid; grid-template-columns:repeat(auto-fit, minmax(150px, 1fr)); gap:.75rem; align-items:end; }
        label { display:block; font-size:.85rem; color:var(--muted); }
        input, select, textarea { width:100%; font:inherit; padding:.4rem .5rem; border:1px solid #aab3bf; border-radius:5px; background:#fff; color:var(--ink); }
        input[type=checkbox] { width:auto; }
        textarea { min-height:5rem; }
        fieldset { border:1px solid #aab3bf; border-radius:5px; padding:.4rem .6rem; margin:0; }
        legend { font-size:.85rem; color:var(--muted); padding:0 .3rem; }
        button, .button { display:inline-block; font:inherit; padding:.45rem .9rem; border-radius:5px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; }
        button.secondary, .button.secondary { background:#fff; color:var(--accent); }
        button.danger { background:var(--bad); border-color:var(--bad); }
        .actions { display:flex; flex-wrap:wrap; gap:1rem; }
        .actions form { flex:1 1 240px; }
        .stack > * + * { margin-top:.6rem; }
        .badge { display:inline-block; font-size:.75rem; padding:0 .4rem; border-radius:10px; background:#eef0f3; color:var(--muted); }
        .badge.test { background:#fff3d6; color:var(--test); }
        .muted { color:var(--muted); }
        dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; margin:0; }
        dl.facts dt { color:var(--muted); }
        dl.facts dd { margin:0; }
        .timing { font-size:1.1rem; font-weight:600; color:var(--ok); }
        .pager { margin-top:1rem; }
        h2 { font-size:1.05rem; margin:0 0 .6rem; }
        .health-grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); gap:0 1rem; }
        .bad-text { color:var(--bad); }
        .circuit { font-weight:600; }
        code.silo { word-break:break-all; }
        .circuit.closed { color:var(--ok); }
        .circuit.open { color:var(--bad); }
        .circuit.half-open { color:var(--test); }
        .chart { display:block; width:100%; height:12rem; background:#fff; border:1px solid var(--line); border-radius:6px; }
        .chart polyline { fill:none; stroke-width:2; vector-effect:non-scaling-stroke; }
        .chart polyline.paid { stroke:var(--accent); }
        .chart polyline.delivered { stroke:var(--ok); stroke-dasharray:4 3; }
        .chart line.grid { stroke:var(--line); stroke-width:1; vector-effect:non-scaling-stroke; }
        .axis { display:flex; justify-content:space-between; font-size:.8rem; color:var(--muted); margin:.2rem 0 .6rem; }
        .key { margin-right:1rem; font-weight:600; }
        .key::before { content:""; display:inline-block; width:1.2rem; height:0; border-top:3px solid; vertical-align:middle; margin-right:.35rem; }
        .key.paid { color:var(--accent); }
        .key.delivered { color:var(--ok); }
        .key.delivered::before { border-top-style:dashed; }
        @media (max-width: 640px) {
          th.optional, td.optional { display:none; }
          main { padding:.75rem; }
        }
        """;
}
