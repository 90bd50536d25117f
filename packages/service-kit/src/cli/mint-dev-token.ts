#!/usr/bin/env node
// Prints a development bearer token for a staff member, e.g.
//   mint-dev-token --role registry-admin --sub staff-1 --carrier <id> --ttl 8h
import { parseArgs } from 'node:util';
import { signDevToken } from '../auth/dev-token.js';
import { DEV_JWT_SECRET } from '../config/service-env.js';

const USAGE =
  'usage: mint-dev-token --role <role> [--role <role>…] --sub <user id> [--carrier <carrier id>…] [--name <display name>] [--ttl 8h] [--secret <secret>, default $JWT_SECRET or the development secret]';

async function main(): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('mint-dev-token: refusing to mint tokens when NODE_ENV is production\n');
    return 1;
  }
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        carrier: { type: 'string', multiple: true },
        name: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        secret: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`mint-dev-token: ${(error as Error).message}\n${USAGE}\n`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!values.sub || !values.role?.length) {
    process.stderr.write(`mint-dev-token: --sub and at least one --role are required\n${USAGE}\n`);
    return 1;
  }
  try {
    const token = await signDevToken({
      secret: values.secret ?? process.env.JWT_SECRET ?? DEV_JWT_SECRET,
      sub: values.sub,
      roles: values.role,
      carrierIds: values.carrier ?? [],
      name: values.name,
      ttl: values.ttl,
    });
    process.stdout.write(token + '\n');
    return 0;
  } catch (error) {
    process.stderr.write(`mint-dev-token: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
