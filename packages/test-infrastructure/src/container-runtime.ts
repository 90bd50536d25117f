import { existsSync } from 'node:fs';

export interface ContainerRuntimeAvailability {
  available: boolean;
  reason: string;
}

/** Whether a Docker-compatible engine answers, and if not, why, in words for a skip line. */
export async function containerRuntimeAvailability(
  timeoutMs = 10_000,
): Promise<ContainerRuntimeAvailability> {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) {
    return {
      available: false,
      reason: 'no Docker engine on this machine (DOCKER_HOST unset and no /var/run/docker.sock)',
    };
  }
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return {
      available: true,
      reason: `Docker engine ${client.info.containerRuntime.serverVersion}`,
    };
  } catch (error) {
    return {
      available: false,
      reason: `the Docker engine does not answer: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}
