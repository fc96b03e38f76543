// `npm run sandbox`: the Lambda sandbox on SANDBOX_PORT (default 4599), printing how to reach each account.
//   SANDBOX_PORT=4599  SANDBOX_FUNCTIONS=300  SANDBOX_SEED=20260101  SANDBOX_LOG=1  SANDBOX_HOST=127.0.0.1
import { startSandbox } from './server';

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name}=${raw} is not a whole number: unset it or give e.g. ${name}=4599.`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    host: process.env.SANDBOX_HOST ?? '127.0.0.1',
    port: numberFromEnv('SANDBOX_PORT') ?? 4599,
    seed: { seed: numberFromEnv('SANDBOX_SEED'), functionCount: numberFromEnv('SANDBOX_FUNCTIONS') },
    log: process.env.SANDBOX_LOG ? line => console.log(line) : undefined,
  });
  console.log(`Lambda sandbox listening on ${sandbox.url} with ${sandbox.org.functionCount} functions`);
  console.log('Accounts (any region works; the seed fills the listed ones):');
  for (const account of sandbox.org.accounts) {
    console.log(`  ${account.accountId} ${account.name.padEnd(14)} ${account.accessKeyId} / ${account.secretAccessKey}  [${account.regions.join(', ')}]`);
  }
  const first = sandbox.org.accounts[0];
  console.log('\nTry it:');
  console.log(`  AWS_ACCESS_KEY_ID=${first.accessKeyId} AWS_SECRET_ACCESS_KEY=${first.secretAccessKey} \\`);
  console.log(`    aws lambda list-functions --endpoint-url ${sandbox.url} --region ${first.regions[0]} --max-items 5`);

  const stop = () => {
    sandbox.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}. Is the port already in use? Set SANDBOX_PORT to another one.`);
  process.exit(1);
});
