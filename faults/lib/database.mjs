import net from 'node:net';
import path from 'node:path';
import { CompiledQuery, openDatabase } from '@scoreflow/store';
import { createPostgresSchema } from '@scoreflow/store/testing';

/** The PostgreSQL server the suite uses with `--store postgres` (the machines' own, trust auth). */
export const POSTGRES_URL = process.env.FAULTS_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The database of one case: a SQLite file in its data dir, or a schema of its own on PostgreSQL
 * (dropped at the end). `location` is what the product's processes get as DATABASE_URL (PostgreSQL) or
 * find under DATA_DIR (SQLite); `env` is what to add to their environment.
 */
export async function createCaseDatabase(kind, dataDir) {
  if (kind === 'sqlite') {
    const file = path.join(dataDir, 'scoreflow.db');
    return {
      kind,
      location: file,
      env: {},
      envFor: () => ({}),
      drop: async () => {},
      listen: async () => {},
    };
  }
  const { location, drop } = await createPostgresSchema(POSTGRES_URL, 'faults');
  const forwarders = [];
  return {
    kind,
    location,
    env: { DATABASE_URL: location },
    /**
     * The DATABASE_URL for a process on a network-namespace host: PostgreSQL listens on loopback only,
     * so the case forwards a port on the host's gateway to it (see `listen`).
     */
    envFor(gateway) {
      const forwarder = forwarders.find((f) => f.gateway === gateway);
      if (!forwarder) throw new Error(`no database forwarder on ${gateway}`);
      const hostUrl = new URL(location);
      hostUrl.hostname = gateway;
      hostUrl.port = String(forwarder.port);
      return { DATABASE_URL: hostUrl.toString() };
    },
    /** Accepts connections on each gateway and pipes them to the server: a host's only way to it. */
    async listen(gateways) {
      const target = new URL(POSTGRES_URL);
      for (const gateway of gateways) {
        const sockets = new Set();
        const server = net.createServer((client) => {
          const upstream = net.connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => s.destroy());
          }
          client.pipe(upstream).pipe(client);
        });
        await new Promise((resolve) => server.listen(0, gateway, resolve));
        forwarders.push({ gateway, port: server.address().port, server, sockets });
      }
    },
    async drop() {
      for (const f of forwarders) {
        for (const s of f.sockets) s.destroy();
        f.server.close();
      }
      await drop();
    },
  };
}

/**
 * Reads for polling and checks, on either database: `get` answers the first row, `all` every row.
 * SQL is written once with `?` placeholders; PostgreSQL gets them numbered.
 */
export function readerOf(db, dialect) {
  const compile = (text, params) => CompiledQuery.raw(dialect === 'postgres' ? numbered(text) : text, params);
  return {
    all: async (text, ...params) => (await db.executeQuery(compile(text, params))).rows,
    get: async (text, ...params) => (await db.executeQuery(compile(text, params))).rows[0],
  };
}

const numbered = (text) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/** Opens the case's database for reading (it is the product's: never migrated from here). */
export async function openReader(location) {
  const database = await openDatabase(location, { migrate: false, poolSize: 2 });
  return { ...readerOf(database.db, database.dialect), close: () => database.close() };
}
