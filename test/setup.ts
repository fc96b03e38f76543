import { vi } from 'vitest';

// Backstage's test utilities call jest.fn(); Vitest's vi is API-compatible for that.
(globalThis as any).jest = vi;
