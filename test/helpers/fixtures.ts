import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Safetensors } from '../../src/io/safetensors';
import { readSafetensors } from '../../src/io/safetensors';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(rel: string): string {
  return FIXTURES + rel;
}

export function readFixtureBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(rel)));
}

export function readFixtureText(rel: string): string {
  return readFileSync(fixturePath(rel), 'utf8');
}

export function readFixtureSafetensors(rel: string): Safetensors {
  return readSafetensors(readFixtureBytes(rel));
}
