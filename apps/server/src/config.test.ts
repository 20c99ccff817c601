import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('needs nothing for the first start', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.smtpUrl).toBeUndefined();
    expect(config.secureCookies).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('sets Secure cookies for any public URL that is not plain http on localhost', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://roster.example.com/' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'http://roster.internal:8080' }).secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:9000' }).secureCookies).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://roster.example.com/' }).publicUrl).toBe('https://roster.example.com');
  });

  it('names every bad variable and why', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//m);
    expect(problems).toMatch(/^SMTP_URL: must be a URL starting with smtp:\/\/ or smtps:\/\//m);
    expect(problems).toMatch(/^LOG_LEVEL: /m);
    expect((error as ConfigError).message).toContain('Invalid configuration');
  });
});
