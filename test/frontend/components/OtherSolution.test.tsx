// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { enablePlan, functionDetails, functionSummary, job, jobItem } from '../fixtures';
import { BASE_URL, FakeBackend, FAST_POLL_MS, renderWithApis, server, user } from '../harness';

const image = functionSummary({ name: 'thumbnailer', runtime: null, runtimeFamily: 'other', packageType: 'Image', applicability: 'needs-image-rebuild' });
const XRAY = enablePlan(image.arn, { solution: 'xray', changes: [{ kind: 'tracing-mode-changed', before: 'PassThrough', after: 'Active' }] });

function backendWithImage(): { backend: FakeBackend; planRequests: unknown[] } {
  const backend = new FakeBackend([image]);
  backend.details.set(
    image.arn,
    functionDetails(image, {
      recommendation: { solution: 'dd-trace', applicability: 'needs-image-rebuild', reasons: ['It is a container image.'], steps: [{ title: 'Rebuild the image' }] },
    }),
  );
  const planRequests: unknown[] = [];
  server.use(
    http.post(`${BASE_URL}/functions/:arn/plan`, async ({ request }) => {
      planRequests.push(await request.json());
      return HttpResponse.json(XRAY);
    }),
  );
  return { backend, planRequests };
}

describe('Choosing another solution', () => {
  it('plans X-Ray for a container image when chosen instead of the recommendation', async () => {
    const { planRequests } = backendWithImage();
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { url: `/?fn=${encodeURIComponent(image.arn)}` });
    await user.click(await screen.findByRole('button', { name: 'AWS X-Ray' }));
    const changes = await screen.findByRole('region', { name: 'What enabling changes' });
    expect(await within(changes).findByTestId('plan-diff')).toHaveTextContent('~ X-Ray tracing mode: PassThrough → Active');
    expect(planRequests).toEqual([{ solution: 'xray' }]);
  });

  it('starts the job with the chosen solution', async () => {
    const { backend } = backendWithImage();
    backend.expectJob([job([jobItem(image.arn, { state: 'succeeded' })], { solution: 'xray' })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { url: `/?fn=${encodeURIComponent(image.arn)}` });
    await user.click(await screen.findByRole('button', { name: 'AWS X-Ray' }));
    const changes = await screen.findByRole('region', { name: 'What enabling changes' });
    const enable = await within(changes).findByRole('button', { name: 'Enable tracing on thumbnailer' });
    await waitFor(() => expect(enable).toBeEnabled());
    await user.click(enable);
    const dialog = await screen.findByRole('dialog', { name: 'Enable tracing on thumbnailer' });
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));
    await waitFor(() => expect(backend.jobRequests).toEqual([{ action: 'enable', functionArns: [image.arn], solution: 'xray' }]));
  });
});
