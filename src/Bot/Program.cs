var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();

// Liveness only; readiness (configuration valid, Socket Mode connected) arrives with the Bot issue.
app.MapGet("/healthz", () => Results.Text("ok"));

app.Run();
