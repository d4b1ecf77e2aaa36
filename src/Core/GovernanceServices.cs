using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Governance.Core.Allocations;
using Governance.Core.Applications;
using Governance.Core.Assignments;
using Governance.Core.Audit;
using Governance.Core.Configuration;
using Governance.Core.Dossiers;
using Governance.Core.Evaluation;
using Governance.Core.Dispatch;
using Governance.Core.Documents;
using Governance.Core.Jobs;

using Governance.Core.Notices;
using Governance.Core.Reports;
using Governance.Core.Evidence;
using Governance.Core.Auth;
using Governance.Core.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Core;

public static class GovernanceServices
{
    /// <summary>Azurite accepts this service version; newer SDKs default to one it may not know yet.</summary>
    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    /// <summary>Registers the whole programme: options, storage clients and every service.</summary>
    public static IServiceCollection AddGovernance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddOptions<AllocationDefaults>().Bind(configuration.GetSection(AllocationDefaults.Section));
        services.AddOptions<EvidenceOptions>().Bind(configuration.GetSection(EvidenceOptions.Section));
        services.AddRuleAndScheduleOptions(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddRecordsStorage(configuration);

        services.AddSingleton<GovernanceStorage>();
        services.AddSingleton<AfterAnswer>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UnitDirectory>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<AssignmentStore>();
        services.AddSingleton<AssignmentService>();
        services.AddSingleton<AllocationImportService>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportSideEffects>();
        services.AddSingleton<IOutboxHandler>(sp => sp.GetRequiredService<ReportSideEffects>());
        services.AddSingleton<ReportReturnSideEffects>();
        services.AddSingleton<IOutboxHandler>(sp => sp.GetRequiredService<ReportReturnSideEffects>());
        services.AddSingleton<EvaluationSideEffects>();
        services.AddSingleton<IOutboxHandler>(sp => sp.GetRequiredService<EvaluationSideEffects>());
        services.AddSingleton<Outbox>();
        services.AddOptions<NoticeOptions>().Configure(o => NoticeOptions.Bind(configuration.GetSection(NoticeOptions.Section), o));
        services.AddSingleton<IValidateOptions<NoticeOptions>, NoticeWebhookNames>();
        services.AddOptions<NoticeOptions>().ValidateOnStart();
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section));
        // The robot's address carries its key: the client's request logs would print it.
        services.AddHttpClient(NoticePusher.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<NoticeStore>();
        services.AddSingleton<DossierWriter>();
        services.AddSingleton<EvaluationStore>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<OutcomeService>();
        services.AddSingleton<ApplicationStore>();
        services.AddSingleton<ApplicationService>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<DownloadLinks>();
        services.AddSingleton<EvidenceUploads>();
        services.AddSingleton<EvidenceRecords>();
        services.AddSingleton<EvidenceDownloads>();
        services.AddSingleton<EvidenceBundles>();
        services.AddSingleton<EvidenceJanitor>();
        services.AddSingleton<NoticePusher>();
        services.AddSingleton<NoticeService>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<DeadlineWarningService>();
        services.AddSingleton<Standing.StandingReader>();
        services.AddSingleton<Standing.TrendService>();
        services.AddSingleton<Standing.StandingSummaryStore>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<DispatchService>();
        services.AddOptions<Dispatch.DispatchOptions>().Bind(configuration.GetSection(Dispatch.DispatchOptions.Section));
        services.AddOptions<Bulletins.BulletinOptions>().Bind(configuration.GetSection(Bulletins.BulletinOptions.Section));
        services.AddSingleton<Bulletins.BulletinService>();
        services.AddSingleton<Documents.DocumentNumbers>();
        services.AddSingleton<JobLedger>();
        services.AddSingleton<ProgrammeChanges>();
        services.AddSingleton<JobService>();
        services.AddSingleton<Backups.TableBackup>();
        return services;
    }

    /// <summary>
    /// The table and blob clients of the connection <see cref="RecordsConnection.Name"/>, registered through
    /// Microsoft.Extensions.Azure (<c>IAzureClientFactory&lt;T&gt;</c>, client "Default") with the credential its
    /// <see cref="AzureComponentFactory"/> builds from <c>credential</c> / <c>clientId</c>, as the Functions host does.
    /// </summary>
    private static void AddRecordsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first needed, so a host that never touches storage does not need the settings.
        services.TryAddSingleton(_ => RecordsConnection.From(configuration));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, sp) =>
                {
                    var records = sp.GetRequiredService<RecordsConnection>();
                    return records.ConnectionString is { } cs
                        ? new TableServiceClient(cs, options)
                        : new TableServiceClient(records.TableServiceUri, records.Credential(sp.GetRequiredService<AzureComponentFactory>()), options);
                })
                .ConfigureOptions((options, sp) =>
                {
                    Tune(options.Retry);
                    foreach (var p in sp.GetServices<TablePipelinePolicy>())
                    {
                        options.AddPolicy(p.Policy, p.Position);
                    }
                });
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, sp) =>
                {
                    var records = sp.GetRequiredService<RecordsConnection>();
                    return records.ConnectionString is { } cs
                        ? new BlobServiceClient(cs, options)
                        : new BlobServiceClient(records.BlobServiceUri, records.Credential(sp.GetRequiredService<AzureComponentFactory>()), options);
                })
                .WithVersion(BlobServiceVersion)
                .ConfigureOptions(options => Tune(options.Retry));
        });
        // Microsoft.Extensions.Azure forwards the SDK's own event logs (categories Azure.Core,
        // Azure.Identity, …) once a client exists: two Information lines per storage request.
        // Only their warnings and errors are worth keeping.
        services.AddLogging(logging => logging.AddFilter("Azure.", LogLevel.Warning));
    }

    // A clerk waiting on a form should get "try again later" within seconds, not after a minute of retries.
    private static void Tune(RetryOptions retry)
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(20);
    }

}
