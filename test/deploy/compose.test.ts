import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs these tests: this checks what can be checked without one, that the
 * compose file parses, has the scale-out shape, and points at files, scripts and ports that exist.
 */
const ROOT = path.join(__dirname, '..', '..');

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
}

describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
  };
  const { services } = compose;

  it('has PostgreSQL, Redis, a migrate job, two API replicas and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'lb', 'migrate', 'postgres', 'redis']);
    expect(services.api.deploy?.replicas).toBe(2);
    expect(services.api.build).toBe('.');
    expect(services.api.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    expect(services.api.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(services.api.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('runs a script the image contains, and gives replicas longer than their shutdown timeout', () => {
    const [, script] = services.migrate.command ?? [];
    expect(script).toMatch(/^dist\/scripts\/(.+)\.js$/);
    const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/COPY scripts \.\/scripts/);
    const grace = Number(/^(\d+)s$/.exec(services.api.stop_grace_period ?? '')?.[1]) * 1000;
    expect(grace).toBeGreaterThan(Number(services.api.environment?.SHUTDOWN_TIMEOUT_MS));
  });

  it('load-balances to the api service on its port, WebSocket upgrade included', () => {
    const mount = services.lb.volumes?.[0] ?? '';
    const file = path.join(ROOT, mount.split(':')[0]);
    const conf = fs.readFileSync(file, 'utf8');
    expect(conf).toContain('http://api:4000');
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    expect(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/EXPOSE 4000/);
  });
});
