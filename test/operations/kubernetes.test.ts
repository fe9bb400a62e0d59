/**
 * The Kubernetes manifests under deploy/kubernetes, checked without a cluster: every document against the
 * Kubernetes API's schemas (the `kubernetes-models` validators, generated from Kubernetes' OpenAPI), then against
 * what the gateway itself needs (probes on its real routes, settings it accepts, selectors that select).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config';
import type { Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';

const DIR = path.join(__dirname, '../../deploy/kubernetes');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: any;
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

function loadManifests(): Array<{ file: string; manifest: Manifest }> {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
        return { file, manifest: doc.toJS() as Manifest };
      }),
    );
}

interface Container {
  ports: Array<{ name: string; containerPort: number }>;
  env: Array<{ name: string; value: string }>;
  envFrom: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
}

const all = loadManifests();
const gatewayContainer = (): Container => one('Deployment').spec.template.spec.containers[0] as Container;
const portOf = (name: string): number => gatewayContainer().ports.find((p) => p.name === name)!.containerPort;
const servicePorts = (): Array<{ targetPort: string }> =>
  one('Service').spec.ports as Array<{ targetPort: string }>;
const one = (kind: string): Manifest => {
  const found = all.filter((m) => m.manifest.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!.manifest;
};

describe('deploy/kubernetes', () => {
  it.each(
    all.map(({ file, manifest }) => [`${file}: ${manifest.kind} ${manifest.metadata?.name}`, manifest]),
  )('%s is valid against the Kubernetes schema', (_name, manifest) => {
    const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    expect(Model).toBeDefined();
    expect(() => new Model!(manifest).validate()).not.toThrow();
  });

  it('has a Deployment, Service, PodDisruptionBudget, HorizontalPodAutoscaler, ConfigMap and Secret', () => {
    expect(all.map((m) => m.manifest.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Secret',
        'Service',
      ].sort(),
    );
  });

  it('would be caught by the validator if it were wrong (the check can fail)', () => {
    const broken = structuredClone(one('Deployment'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'four thousand';
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort must be integer/);
    const noSelector = structuredClone(one('Deployment'));
    delete noSelector.spec.selector;
    expect(() => new Deployment(noSelector).validate()).toThrow(/selector/);
  });

  it('runs the gateway unprivileged, read-only, with resources, probes and graceful termination', () => {
    const pod = one('Deployment').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5);
    const [container] = pod.containers;
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits.memory).toBeDefined();
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '5']);
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  it('wires selectors, ports and names together', () => {
    const deployment = one('Deployment');
    const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
    const selects = (selector: Record<string, string>) =>
      Object.entries(selector).every(([key, value]) => podLabels[key] === value);
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
    expect(selects(one('Service').spec.selector)).toBe(true);
    expect(selects(one('PodDisruptionBudget').spec.selector.matchLabels)).toBe(true);
    expect(one('HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    const container = gatewayContainer();
    expect(container.ports.map((p) => p.name)).toContain(servicePorts()[0]!.targetPort);
    // The metrics port is the one the ConfigMap gives the gateway, and the Service does not expose it.
    const metricsPort = portOf('metrics');
    expect(String(metricsPort)).toBe(one('ConfigMap').data.METRICS_PORT);
    expect(servicePorts().map((p) => p.targetPort)).not.toContain('metrics');
    expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(metricsPort));
    const sources = container.envFrom.map((s) => s.configMapRef?.name ?? s.secretRef?.name);
    expect(sources).toEqual([one('ConfigMap').metadata.name, one('Secret').metadata.name]);
  });

  it('gives the gateway a configuration it accepts: production, live-safe, with Redis', () => {
    const env: Record<string, string> = {
      ...one('ConfigMap').data,
      ...one('Secret').stringData,
      ...Object.fromEntries(gatewayContainer().env.map((e) => [e.name, e.value])),
    };
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.cache.redisUrl).toMatch(/^rediss:\/\//);
    expect(config.hmrc.baseUrl).toBe('https://test-api.service.hmrc.gov.uk');
    expect(config.corsOrigins).not.toBe('*');
    expect(config.observability.metrics).toEqual({ enabled: true, port: 9464 });
    expect(config.port).toBe(portOf('http'));
  });

  describe('probes against the real gateway', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(() => stack.stop());

    it('answers the readiness and liveness paths the Deployment probes', async () => {
      const container = one('Deployment').spec.template.spec.containers[0];
      for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
        const response = await fetch(new URL(probe.httpGet.path as string, stack.url));
        expect(response.status).toBe(200);
      }
    });
  });
});
