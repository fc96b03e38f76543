// Configuration schema of the serverless-tracing plugin, validated by Backstage at startup.
// Accounts and how to reach them come from the standard `aws:` section (@backstage/integration-aws-node).
export interface Config {
  serverlessTracing?: {
    /**
     * Regions scanned in every account, unless an account lists its own.
     */
    regions?: string[];

    /**
     * Accounts to scan, with optional per-account regions. Default: every account under `aws.accounts`
     * (plus `aws.mainAccount` when it names its accountId).
     */
    accounts?: Array<{
      /** 12-digit AWS account id (quote it in YAML). */
      accountId: string;
      /** Regions of this account; default `serverlessTracing.regions`. */
      regions?: string[];
    }>;

    /**
     * Endpoint override for the Lambda and Tagging APIs: the dev sandbox, LocalStack or moto.
     * Leave unset for AWS (the SDK's AWS_ENDPOINT_URL also works).
     */
    endpoint?: string;

    /**
     * When inventory scans run. Default: every 30 minutes, timeout 10 minutes.
     */
    schedule?: {
      /** e.g. { minutes: 30 }, or a cron expression { cron: '0 * * * *' }. */
      frequency: { cron: string } | { years?: number; months?: number; weeks?: number; days?: number; hours?: number; minutes?: number; seconds?: number } | string;
      /** e.g. { minutes: 10 }. */
      timeout: { years?: number; months?: number; weeks?: number; days?: number; hours?: number; minutes?: number; seconds?: number } | string;
      /** Delay before the first scan after start; default 15 seconds. */
      initialDelay?: { years?: number; months?: number; weeks?: number; days?: number; hours?: number; minutes?: number; seconds?: number } | string;
    };

    /** Account-regions scanned at the same time. */
    scanConcurrency?: number;

    /** Per account-region client-side rate limits, below Lambda's control-plane quotas by default. */
    rateLimit?: {
      /** Control-plane calls per second (ListFunctions, UpdateFunctionConfiguration…); default 10. */
      requestsPerSecond?: number;
      /** GetFunction calls per second (its own, higher quota); default 50. */
      getFunctionPerSecond?: number;
      /** GetPolicy calls per second per account-region (its own AWS quota, 15/s): the background invoker enrichment. Default 10. */
      getPolicyPerSecond?: number;
    };

    /** Retries of throttled or failed AWS calls, with exponential backoff and jitter. */
    retry?: {
      maxAttempts?: number;
      baseDelayMs?: number;
      maxDelayMs?: number;
    };

    /** Timeout of one AWS request in milliseconds; default 10000. */
    requestTimeoutMs?: number;

    /** What Datadog tracing is enabled with. */
    datadog?: {
      /**
       * Datadog site written as DD_SITE; default datadoghq.com.
       */
      site?: string;
      /**
       * ARN of the Secrets Manager secret holding the API key, written as DD_API_KEY_SECRET_ARN
       * (preferred: the key itself never lands in a function's environment).
       * @visibility backend
       */
      apiKeySecretArn?: string;
      /**
       * KMS-encrypted API key, written as DD_KMS_API_KEY (alternative to apiKeySecretArn).
       * @visibility secret
       */
      kmsApiKey?: string;
      /**
       * DD_ENV written on functions that do not set their own.
       */
      env?: string;
      /**
       * DD_SERVICE written on functions that do not set their own.
       */
      service?: string;
      /** DD_VERSION written on functions that do not set their own. */
      version?: string;
      /**
       * Layer versions to install, merged over the plugin's defaults.
       */
      layerVersions?: {
        extension?: number;
        python?: number;
        node?: number;
        java?: number;
        dotnet?: number;
        ruby?: number;
      };
      /**
       * Account that hosts the Datadog layers when an organisation mirrors them (quote it in YAML).
       * @visibility backend
       */
      layerAccount?: string;
      /** Use the FIPS extension (GovCloud uses it by default). */
      fips?: boolean;
    };

    /**
     * Function tag holding the owner when no catalog entity claims the function; default "team".
     */
    ownerTag?: string;

    /**
     * The organisation runs dd-trace on hosts and X-Ray on Lambda: recommend trace merging
     * (dd-trace-xray) for Python and Node.js functions.
     */
    hybridEstate?: boolean;

    /** Enable/rollback job workers. */
    jobs?: {
      /** Functions changed at the same time by one backend instance; default 4. */
      concurrency?: number;
      /** Milliseconds between looks for pending items and between reads of an update in progress; default 1000. */
      pollIntervalMs?: number;
      /** Re-plans when someone else changes a function during an update (PreconditionFailed); default 3. */
      maxRevisionRetries?: number;
      /** How long to wait for AWS to finish an update, in milliseconds; default 300000. */
      updateTimeoutMs?: number;
      /**
       * Items claimed longer ago than this (milliseconds) are treated as abandoned by a stopped
       * backend and resumed; checked at startup and every minute. Default 2 × updateTimeoutMs, so a
       * replica starting during a rolling deploy never takes over items other replicas are still
       * working on. Must stay above updateTimeoutMs for that; a resumed item re-reads the function
       * and sends only what is missing.
       */
      staleAfterMs?: number;
    };
  };
}
