import '@testing-library/jest-dom/vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { exactTime, relativeTime } from '../../src/frontend/time';
import { Arn } from '../../src/frontend/components/Arn';
import { HowToSteps } from '../../src/frontend/components/HowToSteps';
import { RecommendationChip } from '../../src/frontend/components/RecommendationChip';
import { humanErrorMessage } from '../../src/frontend/errors';
import { ServerlessTracingApiError } from '../../src/frontend/api';

const NOW = new Date('2025-05-10T12:00:00Z');

describe('relative times', () => {
  it('says how long ago in words', () => {
    expect(relativeTime('2025-05-07T12:00:00Z', NOW)).toBe('3 days ago');
    expect(relativeTime('2025-05-10T11:55:00Z', NOW)).toBe('5 minutes ago');
    expect(relativeTime('2025-05-10T11:59:30Z', NOW)).toBe('just now');
  });

  it("reads Lambda's LastModified with its colon-less offset", () => {
    expect(relativeTime('2025-05-09T12:00:00.000+0000', NOW)).toBe('yesterday');
    expect(exactTime('2025-05-09T12:00:00.000+0000')).toBe(new Date('2025-05-09T12:00:00Z').toLocaleString());
  });

  it('gives up on text that is not a time', () => {
    expect(relativeTime('soon', NOW)).toBeNull();
  });
});

describe('ARNs', () => {
  it('may wrap only after a colon or a slash', () => {
    const { container } = render(<Arn value="arn:aws:lambda:eu-west-1:111111111111:layer:Datadog-Python312:128" />);
    expect(container.querySelectorAll('wbr')).toHaveLength(7);
    expect(container).toHaveTextContent('arn:aws:lambda:eu-west-1:111111111111:layer:Datadog-Python312:128');
  });
});

describe('snippets', () => {
  it('copies a snippet with its copy button', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<HowToSteps title="Steps" steps={[{ title: 'Add the Extension', language: 'dockerfile', snippet: 'COPY --from=x /opt/. /opt/' }]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy snippet: Add the Extension' }));
    expect(writeText).toHaveBeenCalledWith('COPY --from=x /opt/. /opt/');
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('wraps long lines instead of clipping them', () => {
    const { container } = render(<HowToSteps title="Steps" steps={[{ title: 'Long', snippet: 'x'.repeat(400) }]} />);
    expect(getComputedStyle(container.querySelector('pre')!).whiteSpace).toBe('pre-wrap');
  });
});

describe('error messages', () => {
  it('never shows a request URL', () => {
    const error = new ServerlessTracingApiError(400, 'InputError', 'Bad query for http://localhost:7007/api/serverless-tracing/functions?q=x');
    expect(humanErrorMessage(error)).toBe('Bad query for the backend');
  });

  it('turns a network failure into words', () => {
    expect(humanErrorMessage(new TypeError('Failed to fetch'))).toMatch(/^The serverless-tracing backend could not be reached/);
  });
});

describe('recommendation chip', () => {
  it('names the first blocker of a blocked plan instead of a bare "Blocked"', () => {
    const blockers = [{ code: 'environment-too-large', message: 'The environment would exceed 4 KB.' }];
    const { container } = render(<RecommendationChip fn={{ applicability: 'blocked', blockers }} />);
    expect(container).toHaveTextContent(/^Blocked: /);
    expect(container).not.toHaveTextContent(/^Blocked$/);
  });

  it('never says One click when the fresh plan found a blocker', () => {
    const blockers = [{ code: 'environment-too-large', message: 'The environment would exceed 4 KB.' }];
    const { container } = render(<RecommendationChip fn={{ applicability: 'one-click', blockers }} />);
    expect(container).not.toHaveTextContent('One click');
  });
});
