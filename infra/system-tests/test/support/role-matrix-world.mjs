// What the role matrix calls operations on: carriers, founders, applications, articles and
// inbox messages made through the public API, and per operation a valid request in the state
// its business answer needs. An operation without an entry in `fixtures` still gets a request
// built from its contract (example, or a minimal value of its schema), so a new operation is in
// the matrix from the day it is in a contract.
import { eventually, founderLogin, randomUUID, staffToken } from './system.mjs';
import { valueOf } from './request-from-schema.mjs';

/** One HTTP call of a contract operation through the gateway; the body parsed when JSON. */
export async function callOperation(gatewayUrl, operation, request, token) {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name) => {
    const value = request.path?.[name];
    if (value === undefined) throw new Error(`${operation.operationId}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(request.query ?? {}).toString();
  const headers = { ...request.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(
    `${gatewayUrl}${operation.prefix}${path}${query ? `?${query}` : ''}`,
    {
      method: operation.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    },
  );
  const text = await response.text();
  let body = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text for the report
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body };
}

const unique = () => randomUUID().slice(0, 8);

/** A founder session from application-intake's login (development exchanger). */
async function founder() {
  const login = await founderLogin(world.gatewayUrl, `matrix-${unique()}`);
  return { id: login.user.id, token: login.token, refreshToken: login.refreshToken };
}

let world;

async function expectOk(what, answer, statuses = [200, 201]) {
  if (!statuses.includes(answer.status)) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Calls an operation by id with a token, for building state. */
async function run(operationId, request, token) {
  return callOperation(world.gatewayUrl, world.operation(operationId), request, token);
}

async function registryAdmin() {
  return staffToken({ sub: 'matrix-registry-admin', roles: ['registry-admin'] });
}

async function intakeAdmin(carrierId) {
  return staffToken({
    sub: 'matrix-intake-admin',
    roles: ['intake-admin'],
    carrierIds: [carrierId],
  });
}

async function editor() {
  return staffToken({ sub: 'matrix-chief-editor', roles: ['chief-editor'] });
}

async function newCarrier() {
  const example = world.operation('createCarrier').body.example;
  const carrier = await expectOk(
    'create carrier',
    await run(
      'createCarrier',
      {
        body: {
          ...example,
          name: `权限矩阵测试众创空间${unique()}`,
          aliases: [],
          intake: { ...example.intake, accepting: true },
        },
      },
      await registryAdmin(),
    ),
  );
  return carrier;
}

const etag = (version) => `"${version}"`;

function applicationInput(carrierId) {
  const example = world.operation('createApplication').body.example;
  return {
    ...example,
    carrierId,
    consent: { ...example.consent, at: new Date().toISOString() },
  };
}

/** An application of `owner` to `carrierId`, moved to `status` the way founders and staff do. */
async function application(owner, carrierId, status) {
  const draft = await expectOk(
    'create application',
    await run(
      'createApplication',
      { headers: { 'Idempotency-Key': randomUUID() }, body: applicationInput(carrierId) },
      owner.token,
    ),
  );
  if (status === 'draft') return draft;
  let current = await expectOk(
    'submit application',
    await run(
      'submitApplication',
      { path: { applicationId: draft.id }, headers: { 'Idempotency-Key': randomUUID() } },
      owner.token,
    ),
  );
  const steps = {
    submitted: [],
    under_review: ['under_review'],
    info_requested: ['under_review', 'info_requested'],
    admitted: ['under_review', 'accepted', 'admitted'],
  }[status];
  const admin = await intakeAdmin(carrierId);
  for (const to of steps) {
    current = await expectOk(
      `move application to ${to}`,
      await run(
        'transitionApplication',
        { path: { applicationId: draft.id }, body: { to } },
        admin,
      ),
    );
  }
  return current;
}

/** A news article by a chief editor, in `status` (draft, in_review or published). */
async function article(status) {
  const token = await editor();
  const example = world.operation('createDraft').body.example;
  const draft = await expectOk(
    'create article',
    await run(
      'createDraft',
      {
        headers: { 'Idempotency-Key': randomUUID() },
        body: { ...example, title: `${example.title}${unique()}` },
      },
      token,
    ),
  );
  if (status === 'draft') return draft;
  let current = await expectOk(
    'submit article',
    await run('submitArticleForReview', { path: { articleId: draft.id } }, token),
  );
  if (status === 'published') {
    current = await expectOk(
      'approve article',
      await run('approveArticle', { path: { articleId: draft.id }, body: {} }, token),
    );
  }
  return current;
}

/** An inbox message of `owner`: their application's move to under_review tells them. */
async function inboxMessage(owner) {
  await application(owner, world.carrierA.id, 'under_review');
  const inbox = await eventually(
    async () => {
      const answer = await run('listInbox', {}, owner.token);
      return answer.body?.items?.length > 0 ? answer.body : undefined;
    },
    { what: 'a message in the founder inbox', timeoutMs: 30_000 },
  );
  return inbox.items[0];
}

/**
 * Per operation: `prepare({ role })` → the request, in the state the operation's business answer
 * needs; `role` is the allowed role about to call (each gets fresh state, since allowed calls
 * change it), or undefined for the callers that must be refused (they share one). A request may
 * name its `founder` (the owner, whose token the founder role uses) and `carrierId` (the carrier
 * staff tokens serve); `expect(role)` lists the business answers an allowed caller may get
 * (default: any 2xx).
 */
const fixtures = {
  // registry
  createCarrier: async () => ({
    body: {
      ...world.operation('createCarrier').body.example,
      name: `权限矩阵新载体${unique()}`,
      aliases: [],
    },
  }),
  updateCarrier: async () => {
    const carrier = await newCarrier();
    const { id, version, status: _s, honors: _h, createdAt: _c, updatedAt: _u, ...input } = carrier;
    return {
      path: { carrierId: id },
      headers: { 'If-Match': etag(version) },
      body: { ...input, focusIndustries: ['智能制造'] },
    };
  },
  retireCarrier: async () => {
    const carrier = await newCarrier();
    return {
      path: { carrierId: carrier.id },
      headers: { 'If-Match': etag(carrier.version) },
      body: world.operation('retireCarrier').body.example,
    };
  },
  revokeHonor: async () => {
    const carrier = await newCarrier();
    const awarded = await expectOk(
      'award honor',
      await run(
        'awardHonor',
        { path: { carrierId: carrier.id }, body: world.operation('awardHonor').body.example },
        await registryAdmin(),
      ),
    );
    return { path: { carrierId: carrier.id, honorId: awarded.honors[0].id } };
  },

  // news-feed
  getArticle: async () => ({ path: { articleId: (await article('published')).id } }),
  getEditorialArticle: async () => ({ path: { articleId: (await article('draft')).id } }),
  editArticle: async () => {
    const draft = await article('draft');
    return {
      path: { articleId: draft.id },
      headers: { 'If-Match': etag(draft.version) },
      body: world.operation('editArticle').body.example,
    };
  },
  submitArticleForReview: async () => ({ path: { articleId: (await article('draft')).id } }),
  approveArticle: async () => ({
    path: { articleId: (await article('in_review')).id },
    body: {},
  }),
  requestArticleChanges: async () => ({
    path: { articleId: (await article('in_review')).id },
    body: world.operation('requestArticleChanges').body.example,
  }),
  retractArticle: async () => ({
    path: { articleId: (await article('published')).id },
    body: world.operation('retractArticle').body.example,
  }),

  // application-intake
  login: async () => ({ body: { code: `dev:matrix-${unique()}` } }),
  refreshLogin: async () => ({ body: { refreshToken: (await founder()).refreshToken } }),
  logout: async () => ({ body: { refreshToken: (await founder()).refreshToken } }),
  precheckAdmission: async () => ({
    body: { ...world.operation('precheckAdmission').body.example, carrierId: world.carrierA.id },
  }),
  createApplication: async () => {
    const owner = await founder();
    return {
      founder: owner,
      headers: { 'Idempotency-Key': randomUUID() },
      body: applicationInput(world.carrierA.id),
    };
  },
  ...Object.fromEntries(
    [
      ['getApplication', 'submitted'],
      ['submitApplication', 'draft'],
      ['resubmitApplication', 'info_requested'],
      ['withdrawApplication', 'submitted'],
      ['transitionApplication', 'submitted'],
      ['scoreApplication', 'under_review'],
      ['recordGraduationFacts', 'admitted'],
    ].map(([operationId, status]) => [
      operationId,
      async () => {
        const owner = await founder();
        const { id } = await application(owner, world.carrierA.id, status);
        const operation = world.operation(operationId);
        return {
          founder: owner,
          path: { applicationId: id },
          headers: operation.parameters.some((p) => p.name === 'Idempotency-Key')
            ? { 'Idempotency-Key': randomUUID() }
            : {},
          body: operationId === 'transitionApplication' ? { to: 'under_review' } : undefined,
        };
      },
    ]),
  ),
  updateApplication: async () => {
    const owner = await founder();
    const draft = await application(owner, world.carrierA.id, 'draft');
    return {
      founder: owner,
      path: { applicationId: draft.id },
      headers: { 'If-Match': etag(draft.version) },
      body: applicationInput(world.carrierA.id),
    };
  },
  deleteMyAccount: async () => ({ founder: await founder() }),

  // notification
  markMessageRead: async () => {
    const owner = await founder();
    const message = await inboxMessage(owner);
    return {
      founder: owner,
      path: { messageId: message.id },
      // staff have no message of this id: theirs is the contract's 404
      expect: (role) => (role === 'founder' ? [200] : [404]),
    };
  },
  deleteMyNotificationData: async () => ({ founder: await founder() }),
};

/** The request for `operation`: its fixture's, completed from the contract. */
export async function requestFor(operation, role) {
  const prepared = (await fixtures[operation.operationId]?.({ role })) ?? {};
  const request = {
    founder: world.founder,
    carrierId: world.carrierA.id,
    ...prepared,
    path: { ...prepared.path },
    query: { ...prepared.query },
    headers: { ...prepared.headers },
  };
  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    const place = { path: request.path, query: request.query, header: request.headers }[
      parameter.in
    ];
    if (!place || place[parameter.name] !== undefined) continue;
    place[parameter.name] =
      parameter.name === 'carrierId'
        ? request.carrierId
        : parameter.name === 'Idempotency-Key'
          ? randomUUID()
          : parameter.name === 'If-Match'
            ? etag(1)
            : valueOf(parameter.schema, operation.resolve);
  }
  if (request.body === undefined && operation.body?.required) {
    request.body = operation.body.example ?? valueOf(operation.body.schema, operation.resolve);
  }
  return request;
}

/** Makes the world every fixture draws on; the stack must be running. */
export async function createWorld(stack, operations) {
  world = {
    gatewayUrl: stack.gatewayUrl,
    operation: (id) => {
      const found = operations.find((operation) => operation.operationId === id);
      if (!found) throw new Error(`no operation ${id} in the contracts`);
      return found;
    },
  };
  world.fixtures = Object.keys(fixtures);
  world.carrierA = await newCarrier();
  world.carrierB = await newCarrier();
  world.founder = await founder();
  world.otherFounder = await founder();
  // intake and notification learn carriers from registry events
  for (const carrier of [world.carrierA, world.carrierB]) {
    await eventually(
      async () =>
        (await run('getIntakePolicy', { path: { carrierId: carrier.id } })).status === 200,
      { what: 'application-intake knows the carrier' },
    );
    await eventually(
      async () =>
        (await run('followCarrier', { path: { carrierId: carrier.id } }, world.otherFounder.token))
          .status === 200,
      { what: 'notification knows the carrier' },
    );
  }
  return world;
}
