import { ErrorCode } from '../../protocol/errors.js';
import {
  ConfigOperation,
  ConfigSource,
  ResourceType,
  decodeAlterConfigsRequest,
  decodeDescribeConfigsRequest,
  encodeAlterConfigsResponse,
  encodeDescribeConfigsResponse,
  type AlterConfigsRequest,
  type DescribeConfigsResult,
} from '../../protocol/messages/configs.js';
import { isListConfig } from '../../storage/topic-configs.js';
import type { BrokerState, Handler } from '../broker-state.js';

const fixedBrokerConfigs =
  'this broker takes its configs as start options (or CLI flags) and cannot change them while running';

export const handleDescribeConfigs: Handler = ({ header, broker }, r, w) => {
  const req = decodeDescribeConfigsRequest(r, header.apiVersion);
  const results = req.resources.map((resource): DescribeConfigsResult => {
    const result = (configs: DescribeConfigsResult['configs'], errorCode = 0, message = '') => ({
      errorCode,
      errorMessage: errorCode === ErrorCode.NONE ? null : message,
      type: resource.type,
      name: resource.name,
      configs: resource.keys ? configs.filter((c) => resource.keys!.includes(c.name)) : configs,
    });
    if (resource.type === ResourceType.TOPIC) {
      const topic = broker.topics.get(resource.name);
      if (!topic) {
        return result(
          [],
          ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          `topic "${resource.name}" does not exist`,
        );
      }
      return result(
        broker.topics.describeConfigs(topic).map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: false,
          source: c.source === 'topic' ? ConfigSource.TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG,
        })),
      );
    }
    if (resource.type === ResourceType.BROKER && resource.name === String(broker.nodeId)) {
      return result(
        broker.configs.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: true,
          source: c.isDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG,
        })),
      );
    }
    return result([], ErrorCode.INVALID_REQUEST, 'only topics and this broker are described');
  });
  encodeDescribeConfigsResponse(w, header.apiVersion, results);
  return true;
};

/** The topic's config set after the request's changes, or why the request cannot apply. */
function changedTopicConfigs(
  broker: BrokerState,
  resource: AlterConfigsRequest['resources'][number],
  incremental: boolean,
): { configs: Record<string, string | null> } | { errorCode: number; errorMessage: string } {
  // AlterConfigs replaces the whole set; IncrementalAlterConfigs changes the keys it names.
  const topic = broker.topics.get(resource.name);
  const configs: Record<string, string | null> = incremental ? { ...topic?.configs } : {};
  for (const change of resource.configs) {
    const current = () =>
      configs[change.name] ??
      (topic && broker.topics.describeConfigs(topic).find((c) => c.name === change.name)?.value) ??
      '';
    switch (change.operation) {
      case ConfigOperation.SET:
        configs[change.name] = change.value;
        break;
      case ConfigOperation.DELETE:
        delete configs[change.name];
        break;
      case ConfigOperation.APPEND:
      case ConfigOperation.SUBTRACT: {
        if (!isListConfig(change.name)) {
          const op = change.operation === ConfigOperation.APPEND ? 'APPEND' : 'SUBTRACT';
          return {
            errorCode: ErrorCode.INVALID_CONFIG,
            errorMessage: `Can't ${op} to key ${change.name} because its type is not LIST.`,
          };
        }
        const parts = current().split(',').filter(Boolean);
        const values = (change.value ?? '').split(',');
        const next =
          change.operation === ConfigOperation.APPEND
            ? [...parts, ...values.filter((v) => !parts.includes(v))]
            : parts.filter((p) => !values.includes(p));
        configs[change.name] = next.join(',');
        break;
      }
      default:
        return {
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: `unknown config operation ${change.operation}`,
        };
    }
  }
  return { configs };
}

function alterConfigs(incremental: boolean): Handler {
  return ({ broker }, r, w) => {
    const req = decodeAlterConfigsRequest(r, incremental);
    const results = req.resources.map((resource) => {
      const answer = (errorCode: number, errorMessage: string | null) => ({
        errorCode,
        errorMessage,
        type: resource.type,
        name: resource.name,
      });
      // Kafka checks these first, whatever the resource.
      const names = resource.configs.map((c) => c.name);
      if (new Set(names).size !== names.length) {
        return answer(ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys');
      }
      const nulls = resource.configs.filter(
        (c) => c.value === null && !(incremental && c.operation === ConfigOperation.DELETE),
      );
      if (nulls.length > 0) {
        const list = nulls.map((c) => c.name).join(', ');
        return answer(ErrorCode.INVALID_REQUEST, `Null value not supported for : ${list}`);
      }
      if (resource.type === ResourceType.BROKER) {
        return answer(ErrorCode.INVALID_REQUEST, fixedBrokerConfigs);
      }
      if (resource.type !== ResourceType.TOPIC) {
        return answer(ErrorCode.INVALID_REQUEST, 'only topic configs can be altered');
      }
      const changed = changedTopicConfigs(broker, resource, incremental);
      if ('errorCode' in changed) return answer(changed.errorCode, changed.errorMessage);
      const verdict = broker.topics.alterConfigs(resource.name, changed.configs, req.validateOnly);
      if (verdict.errorCode === ErrorCode.NONE && !req.validateOnly) {
        broker.log.info(`altered configs of topic ${resource.name}`);
      }
      return answer(verdict.errorCode, verdict.errorMessage);
    });
    encodeAlterConfigsResponse(w, results);
    return true;
  };
}

export const handleAlterConfigs = alterConfigs(false);
export const handleIncrementalAlterConfigs = alterConfigs(true);
