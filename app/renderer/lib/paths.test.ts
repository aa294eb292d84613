import { describe, expect, it } from 'vitest';
import { baseName, documentName, parentOf, resolvePath } from './paths.js';

describe('paths typed into the file dialog', () => {
  it('are read against the folder shown, the home folder, or as given', () => {
    expect(resolvePath('/home/me/nets', 'network.json', '/home/me')).toBe('/home/me/nets/network.json');
    expect(resolvePath('/home/me/nets', 'lab/a.json', '/home/me')).toBe('/home/me/nets/lab/a.json');
    expect(resolvePath('/home/me/nets', '../b.json', '/home/me')).toBe('/home/me/b.json');
    expect(resolvePath('/home/me/nets', './c.json', '/home/me')).toBe('/home/me/nets/c.json');
    expect(resolvePath('/home/me/nets', '~/d.json', '/home/me')).toBe('/home/me/d.json');
    expect(resolvePath('/home/me/nets', '~', '/home/me')).toBe('/home/me');
    expect(resolvePath('/home/me/nets', '/tmp//e.json', '/home/me')).toBe('/tmp/e.json');
    expect(resolvePath('/', '../../f.json', '/home/me')).toBe('/f.json');
  });

  it('name their folder and file', () => {
    expect(parentOf('/home/me/a.json')).toBe('/home/me');
    expect(parentOf('/a.json')).toBe('/');
    expect(baseName('/home/me/a.json')).toBe('a.json');
  });

  it('get .json when typed without an extension', () => {
    expect(documentName('campus')).toBe('campus.json');
    expect(documentName('campus.json')).toBe('campus.json');
    expect(documentName('v1.2')).toBe('v1.2');
  });
});
