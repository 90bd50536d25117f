// runOnRequirements of the unified test format, evaluated for one server: its version and topology.

/** "4.4" → [4, 4, 0]; missing parts are 0, as the format's version strings allow. */
function parseVersion(version) {
  const parts = String(version).split('.').map(Number);
  while (parts.length < 3) parts.push(0);
  return parts.slice(0, 3);
}

export function compareVersions(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * Whether one runOnRequirement holds for the server. `server` is { version, topology,
 * serverParameters }; requirements this runner cannot check (csfle, auth) count as unmet.
 */
export function requirementMet(requirement, server) {
  if (
    requirement.minServerVersion &&
    compareVersions(server.version, requirement.minServerVersion) < 0
  )
    return false;
  if (
    requirement.maxServerVersion &&
    compareVersions(server.version, requirement.maxServerVersion) > 0
  )
    return false;
  if (requirement.topologies && !requirement.topologies.includes(server.topology)) {
    // A sharded cluster of replica sets also satisfies "sharded-replicaset"; not this runner's case.
    return false;
  }
  if (requirement.serverless === 'require') return false;
  if (requirement.auth === true || requirement.csfle === true) return false;
  if (requirement.serverParameters) {
    for (const [name, value] of Object.entries(requirement.serverParameters)) {
      if (server.serverParameters?.[name] !== value) return false;
    }
  }
  return true;
}

/** A list of requirements holds when any one of them does (an absent list always holds). */
export function requirementsMet(requirements, server) {
  return !requirements || requirements.some((requirement) => requirementMet(requirement, server));
}
