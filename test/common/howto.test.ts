import { DEFAULT_LAYER_VERSIONS, iacSteps, imageRebuildSteps, recommend, type DatadogSettings, type FunctionConfig, type IacTool } from '../../src/common';
import { lambda } from './fixtures';

const text = (steps: Array<{ title: string; detail?: string; snippet?: string }>) =>
  steps.map(s => [s.title, s.detail ?? '', s.snippet ?? ''].join('\n')).join('\n');
const image = (overrides: Partial<FunctionConfig> = {}) => lambda({ PackageType: 'Image', Runtime: undefined, Handler: undefined, ...overrides });
const SETTINGS: DatadogSettings = { site: 'datadoghq.eu', apiKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:dd', layerVersions: DEFAULT_LAYER_VERSIONS };
const TOOLS: IacTool[] = ['cloudformation', 'sam', 'cdk', 'serverless-framework', 'terraform'];

describe('container-image guide', () => {
  it('asks to replace app.handler only where the Dockerfile lines name app.handler', () => {
    for (const step of imageRebuildSteps('other').filter(s => s.language === 'dockerfile')) {
      expect(Boolean(step.detail?.includes('app.handler'))).toBe(step.snippet!.includes('app.handler'));
    }
  });

  it('says nothing about app.handler for a Java image', () => {
    expect(text(imageRebuildSteps('java'))).not.toContain('app.handler');
  });

  it('keeps the handler hint for a Python image', () => {
    expect(imageRebuildSteps('python')[0].detail).toBe('Replace app.handler with your handler.');
  });
});

describe('the IaC way for a container image', () => {
  it.each(TOOLS)('%s: offers no layer-based macro, construct or plugin', tool => {
    const steps = iacSteps(tool, 'dd-trace', 'other');
    expect(text(steps)).not.toMatch(/DatadogServerless|Transform|datadog-cdk-constructs|serverless-plugin-datadog|lambda-datadog|LayerVersion/);
  });

  it.each(TOOLS)('%s: sets the Datadog variables in the template', tool => {
    const steps = iacSteps(tool, 'dd-trace', 'other', SETTINGS);
    expect(text(steps)).toContain('DD_SITE');
    expect(text(steps)).toContain('datadoghq.eu');
    expect(text(steps)).toContain('arn:aws:secretsmanager:eu-west-1:1:secret:dd');
  });

  it('adds X-Ray active tracing and the merge flag for dd-trace-xray', () => {
    const snippet = text(iacSteps('cloudformation', 'dd-trace-xray', 'other'));
    expect(snippet).toContain('DD_MERGE_XRAY_TRACES');
    expect(snippet).toContain('Mode: Active');
  });

  it("is what recommend gives a CloudFormation-managed image function", () => {
    const r = recommend(image({ Tags: { 'aws:cloudformation:stack-name': 'orders' } }), { invokedBy: [] });
    expect(r.applicability).toBe('needs-image-rebuild');
    expect(text(r.iacSteps ?? [])).not.toContain('DatadogServerless');
    expect(text(r.iacSteps ?? [])).toContain('DD_API_KEY_SECRET_ARN');
  });

  it('still offers the macro for a Python zip function', () => {
    expect(text(iacSteps('cloudformation', 'dd-trace', 'python'))).toContain('DatadogServerless');
  });
});
