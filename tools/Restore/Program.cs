using Governance.Restore;
using Microsoft.Extensions.Configuration;

// Settings as the app reads them: environment variables (Records__tableServiceUri, …), or
// --settings pointing at a local.settings.json.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables();
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--settings" && i + 1 < args.Length)
    {
        configuration.AddInMemoryCollection(BackupCommand.ReadLocalSettings(args[++i]));
    }
    else
    {
        rest.Add(args[i]);
    }
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    return await BackupCommand.RunAsync([.. rest], configuration.Build(), Console.Out, cancel.Token);
}
catch (Exception e) when (e is InvalidOperationException or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException)
{
    // Missing settings, a missing role (403) or no sign-in: the message says which; a stack trace would bury it.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
