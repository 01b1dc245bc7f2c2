import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/io/checkpoint';
import { ImageError } from '../../src/io/image';
import { ConfigError } from '../../src/io/model-config';
import { PickleError } from '../../src/io/pickle';
import { SafetensorsError } from '../../src/io/safetensors';
import { asSentence, SentenceError } from '../../src/io/sentence-error';
import { ZipError } from '../../src/io/zip';

describe('asSentence', () => {
  it('closes a clause with a period', () => {
    expect(asSentence('the safetensors record is missing')).toBe('the safetensors record is missing.');
  });

  it('leaves a finished sentence alone (so re-wrapping an error adds nothing)', () => {
    expect(asSentence('the file is empty.')).toBe('the file is empty.');
    expect(asSentence('is this a checkpoint?')).toBe('is this a checkpoint?');
    expect(asSentence(asSentence('twice'))).toBe('twice.');
  });

  it('drops trailing white space before the period', () => {
    expect(asSentence('a line \n')).toBe('a line.');
  });
});

describe("every reader's error is a sentence the app can append to", () => {
  const classes = [CheckpointError, ConfigError, ImageError, PickleError, SafetensorsError, ZipError];
  it.each(classes.map((c) => [c.name, c] as const))('%s', (_name, ErrorClass) => {
    const e = new ErrorClass("the header's record is missing");
    expect(e).toBeInstanceOf(SentenceError);
    // What the app shows: the message, then its own sentence.
    expect(`${e.message} The current model stays.`).toBe("the header's record is missing. The current model stays.");
  });
});
