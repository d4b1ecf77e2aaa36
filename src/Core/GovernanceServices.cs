using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
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
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.TryAddSingleton(sp => CreateTableService(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetServices<TablePipelinePolicy>()));
        services.TryAddSingleton(sp => CreateBlobService(sp.GetRequiredService<IOptions<StorageOptions>>().Value));

        services.AddSingleton<GovernanceStorage>();
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
        services.AddSingleton<EvaluationSideEffects>();
        services.AddSingleton<IOutboxHandler>(sp => sp.GetRequiredService<EvaluationSideEffects>());
        services.AddSingleton<Outbox>();
        services.AddOptions<NoticeOptions>().Bind(configuration.GetSection(NoticeOptions.Section));
        services.AddSingleton<IValidateOptions<NoticeOptions>, NoticeWebhookNames>();
        services.AddOptions<NoticeOptions>().ValidateOnStart();
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section));
        services.AddHttpClient(NoticePusher.HttpClientName);
        services.AddSingleton<NoticeStore>();
        services.AddSingleton<DossierWriter>();
        services.AddSingleton<EvaluationStore>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<OutcomeService>();
        services.AddSingleton<ApplicationStore>();
        services.AddSingleton<ApplicationService>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<EvidenceLinks>();
        services.AddSingleton<EvidenceService>();
        services.AddSingleton<EvidenceBundles>();
        services.AddSingleton<EvidenceJanitor>();
        services.AddSingleton<NoticePusher>();
        services.AddSingleton<NoticeService>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<DeadlineWarningService>();
        services.AddSingleton<Standing.StandingReader>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<DispatchService>();
        services.AddOptions<Dispatch.DispatchOptions>().Bind(configuration.GetSection(Dispatch.DispatchOptions.Section));
        services.AddOptions<Bulletins.BulletinOptions>().Bind(configuration.GetSection(Bulletins.BulletinOptions.Section));
        services.AddSingleton<Bulletins.BulletinService>();
        services.AddSingleton<Documents.DocumentNumbers>();
        services.AddSingleton<JobLedger>();
        services.AddSingleton<ProgrammeChanges>();
        services.AddSingleton<JobService>();
        return services;
    }

    private static TableServiceClient CreateTableService(StorageOptions o, IEnumerable<TablePipelinePolicy> policies)
    {
        var options = new TableClientOptions();
        Tune(options.Retry);
        foreach (var p in policies)
        {
            options.AddPolicy(p.Policy, p.Position);
        }
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            return new TableServiceClient(o.ConnectionString, options);
        }
        return new TableServiceClient(new Uri(Required(o.TableEndpoint, "Storage:TableEndpoint")), new DefaultAzureCredential(), options);
    }

    private static BlobServiceClient CreateBlobService(StorageOptions o)
    {
        var options = new BlobClientOptions(BlobServiceVersion);
        Tune(options.Retry);
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            return new BlobServiceClient(o.ConnectionString, options);
        }
        return new BlobServiceClient(new Uri(Required(o.BlobEndpoint, "Storage:BlobEndpoint")), new DefaultAzureCredential(), options);
    }

    // A clerk waiting on a form should get "try again later" within seconds, not after a minute of retries.
    private static void Tune(RetryOptions retry)
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(20);
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"Setting {name} (or Storage:ConnectionString) is required.")
            : value;
}
