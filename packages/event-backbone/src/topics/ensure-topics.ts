import type { Admin } from 'kafkajs';
import type { TopicDeclaration } from '../catalog.js';

/**
 * Creates the declared topics that do not exist yet; safe to run at every start-up and from
 * several instances at once (a topic created meanwhile by another instance is not an error).
 * Returns the names it created.
 */
export async function ensureTopics(
  admin: Admin,
  declarations: readonly TopicDeclaration[],
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = declarations.filter((topic) => !existing.has(topic.name));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
      })),
    });
  } catch (error) {
    if (!isTopicAlreadyExists(error)) throw error;
  }
  return missing.map((topic) => topic.name);
}

function isTopicAlreadyExists(error: unknown): boolean {
  const { type, errors } = error as { type?: string; errors?: { type?: string }[] };
  if (type === 'TOPIC_ALREADY_EXISTS') return true;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((entry) => entry.type === 'TOPIC_ALREADY_EXISTS')
  );
}
