using Azure.Core;
using Azure.Core.Pipeline;

namespace Governance.Core.Storage;

/// <summary>
/// A policy added to the pipeline of every table request. The app registers none; tests register
/// one to fail or hold chosen requests against the real emulator and prove the crash windows close.
/// </summary>
public sealed record TablePipelinePolicy(HttpPipelinePolicy Policy, HttpPipelinePosition Position);
