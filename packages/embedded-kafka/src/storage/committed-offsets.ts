import fs from 'node:fs';
import path from 'node:path';

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

interface CommitRecord {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
}

/**
 * Consumer group offsets. On disk an append-only JSON-lines journal
 * (`<dataDir>/consumer-offsets.jsonl`), compacted to the latest value per partition on open.
 */
export class CommittedOffsets {
  private readonly groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  private fd: number | null = null;

  constructor(dataDir: string | null) {
    if (!dataDir) return;
    const file = path.join(dataDir, 'consumer-offsets.jsonl');
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const r = JSON.parse(line) as CommitRecord;
          this.set(r.group, r.topic, r.partition, { offset: r.offset, metadata: r.metadata });
        } catch {
          break; // torn last line from a crash: everything before it is intact
        }
      }
    }
    const compacted = this.records()
      .map((r) => JSON.stringify(r) + '\n')
      .join('');
    fs.writeFileSync(`${file}.tmp`, compacted);
    fs.renameSync(`${file}.tmp`, file);
    this.fd = fs.openSync(file, 'a');
  }

  private records(): CommitRecord[] {
    const out: CommitRecord[] = [];
    for (const [group, topics] of this.groups) {
      for (const [topic, partitions] of topics) {
        for (const [partition, c] of partitions) out.push({ group, topic, partition, ...c });
      }
    }
    return out;
  }

  private set(group: string, topic: string, partition: number, committed: CommittedOffset): void {
    let topics = this.groups.get(group);
    if (!topics) this.groups.set(group, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, committed);
  }

  commit(
    group: string,
    commits: { topic: string; partition: number; offset: number; metadata: string | null }[],
  ): void {
    for (const c of commits)
      this.set(group, c.topic, c.partition, { offset: c.offset, metadata: c.metadata });
    if (this.fd !== null && commits.length > 0) {
      const lines = commits.map((c) => JSON.stringify({ group, ...c }) + '\n').join('');
      fs.writeSync(this.fd, lines);
      fs.fdatasyncSync(this.fd);
    }
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(topic)?.get(partition);
  }

  /** Every committed partition of a group, by topic. */
  ofGroup(group: string): Map<string, Map<number, CommittedOffset>> {
    return this.groups.get(group) ?? new Map();
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  forgetTopic(topic: string): void {
    for (const topics of this.groups.values()) topics.delete(topic);
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
