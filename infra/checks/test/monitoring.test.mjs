// The alert rules and the Grafana dashboard: every expression is valid PromQL, the rules pass
// promtool (check and the unit tests of alerts.test.yaml) where it is installed, and together they
// watch the event path by the metric and label names the services' code registers.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { eventPathMetrics } from '@shuangchuang/event-backbone';
import {
  createIdempotency,
  createMetricsRegistry,
  requestDurationMetrics,
} from '@shuangchuang/service-kit';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const monitoring = new URL('../../monitoring/', import.meta.url).pathname;
const rulesFile = join(monitoring, 'prometheus/alerts.yaml');
const rules = parse(readFileSync(rulesFile, 'utf8')).groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(
  readFileSync(join(monitoring, 'grafana/shuangchuang-platform.json'), 'utf8'),
);
const dashboardExpressions = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => [panel.title, target.expr]),
);

/**
 * What a service on startService exposes besides the process metrics, registered as the kit and
 * the event backbone register them: each metric's name and the labels of its series.
 */
async function exposedMetrics() {
  const registry = createMetricsRegistry('checks');
  const processMetrics = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
  requestDurationMetrics(registry);
  const unconnected = mongoose.createConnection();
  createIdempotency(unconnected, { metrics: registry });
  await unconnected.close();
  eventPathMetrics(registry).observeOutbox(async () => ({ pending: 0 }));
  const exposed = new Map();
  for (const { name, type } of await registry.getMetricsAsJSON()) {
    if (processMetrics.has(name)) continue;
    const { labelNames } = registry.getSingleMetric(name);
    exposed.set(name, { type, labels: new Set(['service', ...labelNames]) });
  }
  return exposed;
}
const EXPOSED = await exposedMetrics();
const METRICS = [...EXPOSED.keys()];

const promtool = ['PROMTOOL', 'promtool']
  .map((name) => process.env[name] ?? name)
  .find((command) => {
    const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
    return probe.status === 0;
  });
if (!promtool) {
  console.log(
    'promtool not found (Debian package prometheus): rules checked by the PromQL parser only',
  );
}

/** Syntax errors lezer-promql finds in an expression (Grafana's variables replaced first). */
function promqlErrors(expression) {
  const concrete = expression.replaceAll('$__rate_interval', '5m').replaceAll('$service', '.+');
  const errors = [];
  parser.parse(concrete).iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`${node.from}: ${concrete.slice(node.from, node.to + 10)}`);
    },
  });
  return errors;
}

/**
 * Where an expression reads a metric the services do not expose, or a label its series do not
 * carry (matched by, or grouped by in an aggregation around it; `le` of a histogram's buckets).
 */
function mismatches(expression) {
  const concrete = expression.replaceAll('$__rate_interval', '5m').replaceAll('$service', '.+');
  const text = (node) => concrete.slice(node.from, node.to);
  const found = [];
  parser.parse(concrete).iterate({
    enter({ node }) {
      if (node.name !== 'VectorSelector') return;
      const series = text(node.getChild('Identifier'));
      const [, name, suffix] = /^(.*?)(_bucket|_count|_sum)?$/.exec(series);
      const histogram = suffix && EXPOSED.get(name)?.type === 'histogram';
      const metric = histogram ? EXPOSED.get(name) : EXPOSED.get(series);
      if (!metric) return void found.push(`${series}: not exposed`);
      const used = (node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []).map(
        (matcher) => text(matcher.getChild('LabelName')),
      );
      for (let around = node.parent; around; around = around.parent) {
        const modifier =
          around.name === 'AggregateExpr' ? around.getChild('AggregateModifier') : null;
        if (!modifier?.getChild('By')) continue;
        used.push(...modifier.getChild('GroupingLabels').getChildren('LabelName').map(text));
      }
      const carried = new Set(metric.labels);
      if (histogram && suffix === '_bucket') carried.add('le');
      for (const label of used) {
        if (!carried.has(label)) found.push(`${series}: no label ${label}`);
      }
    },
  });
  return found;
}

const metricsIn = (expression) =>
  METRICS.filter((metric) => new RegExp(`\\b${metric}(_bucket|_count|_sum)?\\b`).test(expression));

describe('PromQL', () => {
  it('the parser finds a broken expression (the check can fail)', () => {
    expect(promqlErrors('sum by (service) (rate(outbox_published_total[5m])')).not.toEqual([]);
  });

  it.each(rules.map((rule) => [rule.alert, rule.expr]))(
    'alert %s is valid PromQL',
    (_alert, expr) => {
      expect(promqlErrors(expr)).toEqual([]);
    },
  );

  it.each(dashboardExpressions)('dashboard panel "%s" is valid PromQL', (_title, expr) => {
    expect(promqlErrors(expr)).toEqual([]);
  });
});

describe('metric and label names', () => {
  it('the services expose the event path, Idempotency-Key replays and HTTP durations', () => {
    expect(METRICS.sort()).toEqual([
      'consumer_lag',
      'dead_lettered_events_total',
      'event_handler_duration_seconds',
      'http_request_duration_seconds',
      'idempotency_replays_total',
      'outbox_oldest_pending_age_seconds',
      'outbox_pending_events',
      'outbox_publish_failures_total',
      'outbox_published_total',
    ]);
  });

  it('the check finds a metric or a label the services do not have (it can fail)', () => {
    expect(mismatches('sum by (service, topic) (outbox_pending_events)')).toEqual([
      'outbox_pending_events: no label topic',
    ]);
    expect(mismatches('rate(dead_letters_total{group="x"}[5m])')).toEqual([
      'dead_letters_total: not exposed',
    ]);
    expect(mismatches('sum by (le) (rate(consumer_lag_bucket[5m]))')).toEqual([
      'consumer_lag_bucket: not exposed',
    ]);
  });

  it.each(rules.map((rule) => [rule.alert, rule.expr]))(
    'alert %s reads what the services expose',
    (_alert, expr) => {
      expect(mismatches(expr)).toEqual([]);
    },
  );

  it.each(dashboardExpressions)(
    'dashboard panel "%s" reads what the services expose',
    (_t, expr) => {
      expect(mismatches(expr)).toEqual([]);
    },
  );
});

describe.skipIf(!promtool)('promtool', () => {
  it('accepts the rule file', () => {
    const result = spawnSync(promtool, ['check', 'rules', rulesFile], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('passes the alerts’ unit tests', () => {
    const result = spawnSync(promtool, ['test', 'rules', 'alerts.test.yaml'], {
      cwd: join(monitoring, 'prometheus'),
      encoding: 'utf8',
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});

describe('what is watched', () => {
  it('alerts on outbox age, consumer lag, dead letters and the 5xx rate', () => {
    const watched = (metric) =>
      rules.filter((rule) => metricsIn(rule.expr).includes(metric)).map((r) => r.alert);
    expect(watched('outbox_oldest_pending_age_seconds').length).toBeGreaterThan(0);
    expect(watched('consumer_lag').length).toBeGreaterThan(0);
    expect(watched('dead_lettered_events_total').length).toBeGreaterThan(0);
    const http = rules.filter((rule) => /status_code=~"5\.\."/.test(rule.expr));
    expect(http.map((rule) => metricsIn(rule.expr))).toEqual(
      http.map(() => ['http_request_duration_seconds']),
    );
    for (const rule of rules) {
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toBeTruthy();
    }
  });

  it('shows every metric of the event path and HTTP on the dashboard', () => {
    const shown = new Set(dashboardExpressions.flatMap(([, expr]) => metricsIn(expr)));
    expect([...shown].sort()).toEqual([...METRICS].sort());
  });

  it('uses a Prometheus data source variable, so it imports into any Grafana', () => {
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable.query).toBe('prometheus');
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource.uid).toBe(`\${${variable.name}}`);
    }
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
