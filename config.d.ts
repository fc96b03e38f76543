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
     * Discover the accounts to scan from AWS Organizations at every scan, and each account's enabled
     * regions (Account API ListRegions). `accounts` above still adds explicit accounts (with their own
     * regions); `aws.accounts` then only provides credentials, the organisation's account among them.
     */
    organization?: {
      /** The management or delegated-administrator account that reads Organizations (12 digits, quoted). Its credentials: static keys or a profile under `aws.accounts`, else `aws.mainAccount`'s. */
      accountId: string;
      /** The IAM role assumed (sts:AssumeRole, from `accountId`'s credentials) in each discovered account without its own `aws.accounts` entry. */
      roleName: string;
      /** External id the member role requires, if any. */
      externalId?: string;
      /** Where Organizations, the Account API and STS are called: us-east-1 (default), us-gov-west-1 in GovCloud. */
      region?: string;
      /** Only these of each account's enabled regions; default `serverlessTracing.regions`, else every enabled region. */
      regions?: string[];
      /** Only these accounts (when set): accounts anywhere below the OUs (ou-… or the root r-…), plus the account ids listed. */
      include?: { organizationalUnits?: string[]; accounts?: string[] };
      /** Never these accounts, even when included: below the OUs, or listed by id. */
      exclude?: { organizationalUnits?: string[]; accounts?: string[] };
    };

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

    /**
     * Per account-region client-side rate limits, one per quota bucket Lambda keeps, below its quotas
     * (15/s control plane, 100/s GetFunction, 15/s GetPolicy) by default.
     */
    rateLimit?: {
      /** Control-plane calls per second (ListFunctions, UpdateFunctionConfiguration…); default 10. */
      requestsPerSecond?: number;
      /** GetFunction calls per second (its own, higher quota); default 50. */
      getFunctionPerSecond?: number;
      /** GetPolicy calls per second (its own quota, so reading policies never slows updates); default 10. */
      getPolicyPerSecond?: number;
      /**
       * IAM calls per second per account (the role pre-flight's iam:SimulatePrincipalPolicy); default 10.
       * Every rate here is a ceiling: when AWS throttles, the plugin slows to what it grants.
       */
      iamPerSecond?: number;
    };

    /** Retries of one throttled or unanswered AWS call, with exponential backoff and full jitter. */
    retry?: {
      maxAttempts?: number;
      baseDelayMs?: number;
      maxDelayMs?: number;
    };

    /** Timeout of one AWS request in milliseconds; default 10000. */
    requestTimeoutMs?: number;

    /**
     * Whether enabling first simulates the function role (iam:SimulatePrincipalPolicy, once per role and
     * job) for what the plan needs; default true. Switch it off only where the call cannot work (e.g. an
     * emulator without it): IAM is then not asked and plans carry a warning that the role was not checked.
     * The optional fix for a role lacking a permission (POST /functions/:arn/role-policy) needs
     * iam:PutRolePolicy on the function roles in the backend's role.
     */
    rolePreflight?: boolean;

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
      /**
       * A Datadog API key of the organisation, for asking Datadog whether functions send spans
       * (proof that traces arrive). Never written to a function.
       * @visibility secret
       */
      apiKey?: string;
      /**
       * A Datadog application key with the apm_read scope, for the same span queries. Without it
       * (and apiKey), Datadog-traced functions show "could not check" instead of trace evidence.
       * @visibility secret
       */
      applicationKey?: string;
      /**
       * Base URL of Datadog's API; default https://api.<site>. Set it for a proxy or the sandbox.
       * @visibility backend
       */
      apiEndpoint?: string;
    };

    /**
     * Proof that traces arrive: after an enable (once traces had time to arrive) and on a schedule,
     * Datadog (spans of the function's service) and X-Ray (trace summaries of the function) are asked
     * whether each traced function sent traces recently.
     */
    traceEvidence?: {
      /** When the whole fleet is checked; default every 30 minutes, timeout 10 minutes. */
      schedule?: {
        frequency: { cron: string } | { years?: number; months?: number; weeks?: number; days?: number; hours?: number; minutes?: number; seconds?: number } | string;
        timeout: { years?: number; months?: number; weeks?: number; days?: number; hours?: number; minutes?: number; seconds?: number } | string;
        initialDelay?: { years?: number; months?: number; weeks?: number; days?: number; hours?: number; minutes?: number; seconds?: number } | string;
      };
      /** How far back a check looks for traces, in hours (1 to 24); default 6. */
      windowHours?: number;
      /** Seconds between an enable and the check of that function; default 120 (ingestion takes a minute or two). */
      delayAfterEnableSeconds?: number;
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

    /** Functions the plugin enabled whose configuration no longer carries what it applied. */
    drift?: {
      /**
       * Re-apply tracing to drifted functions automatically after each scan, through an enable job
       * started by the plugin's own service principal (audited). Only functions in these accounts or
       * with these owners (catalog entity refs or owner tag values); never IaC-managed functions, whose
       * drift is fixed in their template. Omitted: drift is shown, never repaired automatically.
       */
      autoRepair?: {
        /** Account ids whose drifted functions are repaired (quote them in YAML). */
        accounts?: string[];
        /** Owners whose drifted functions are repaired, e.g. component:default/payments or a team tag value. */
        owners?: string[];
      };
    };

    /** Layer upgrade campaigns: functions on older Datadog layers moved to the configured versions in stages. */
    campaigns?: {
      /** Seconds between one stage's end and the next stage's start, unless a campaign says otherwise; default 600. */
      pauseSeconds?: number;
      /** Milliseconds between looks at running campaigns (a stage's job finished, a pause elapsed); default 5000. */
      checkIntervalMs?: number;
    };

    /** Enable/rollback job workers. */
    jobs?: {
      /** Functions changed at the same time by one backend instance (never two on one function); default 32. Workers mostly wait on AWS; the rate limits, not this, pace the calls. */
      concurrency?: number;
      /** Milliseconds between looks for pending items and between reads of an update in progress; default 1000. */
      pollIntervalMs?: number;
      /** Re-plans when someone else changes a function during an update (PreconditionFailed); default 3. */
      maxRevisionRetries?: number;
      /**
       * The most one function of a job may take, in milliseconds: reads, waits for AWS to finish an
       * update, retries of transient failures and re-plans included; default 300000.
       */
      itemTimeoutMs?: number;
      /** Earlier name of itemTimeoutMs. @deprecated use itemTimeoutMs */
      updateTimeoutMs?: number;
      /** How often a backend renews its claims on the items it works on, in milliseconds; default 2000. */
      heartbeatIntervalMs?: number;
      /**
       * An item whose backend sent no heartbeat for this long (milliseconds) was abandoned by a
       * stopped backend and is resumed by another; default 5 × heartbeatIntervalMs. A resumed item is
       * dropped when a later job on the same function exists, and otherwise re-reads the function
       * and sends only what is missing.
       */
      staleAfterMs?: number;
    };
  };
}
