using Governance.LocalRunner;

// Usage: dotnet run --project tests/LocalRunner -- --settings src/Functions/local.settings.json [--urls http://127.0.0.1:7071]
var app = LocalRunnerHost.Build(args);
app.Run();
