// Entry of the child process that hosts the Lambda sandbox during a benchmark. The sandbox gets its
// own process (and core), so the backend under measurement pays for the network hop but not for
// the emulator's CPU and memory. Talks to its parent over the IPC channel (see remoteSandbox.ts).
import { startSandbox, type SandboxOptions } from '../../dev/sandbox/server';
import type { HostMessage, ParentMessage } from './sandboxProtocol';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
  const sandbox = await startSandbox({ ...options, port: 0 });
  const send = (message: HostMessage) => process.send!(message);

  // Every service's operations (Lambda, Tagging, the invoker services, Organizations, Account, STS).
  const counts = () => sandbox.requestRows().filter(row => row.count > 0);

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'counts') {
      send({ type: 'counts', id: message.id, rows: counts(), total: sandbox.requestCount(), throttled: sandbox.throttledCount() });
    } else if (message.type === 'close') {
      sandbox.close().finally(() => process.exit(0));
    }
  });
  // The parent went away without saying goodbye: do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: sandbox.url, org: sandbox.org });
}

main().catch(error => {
  console.error(`The benchmark sandbox could not start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
