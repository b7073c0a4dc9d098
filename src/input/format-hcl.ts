/** Plain HCL: a directory of `.tf` files (a root module), one `.tf` file, or HCL on stdin (forced). */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { evaluatedHclModel } from './hcl-expressions';
import { readHclDirectory, readHclText, terraformFiles } from './hcl-files';
import { baseDirectory, looksLikeJsonText, sourceName, timedNormalize, type FormatLoader } from './source';

export const hclFormat: FormatLoader = {
  name: 'hcl',
  describes: 'a directory of .tf files (a Terraform root module), or one .tf file',
  detect(source) {
    if (source.kind === 'directory') return terraformFiles(source.path).length > 0 && !existsSync(path.join(source.path, 'manifest.json'));
    // Text that is not JSON cannot be told apart from other text without parsing it: a `.tf`
    // file is taken for HCL; stdin needs --input-format hcl.
    return source.kind === 'file' && source.path.endsWith('.tf') && !looksLikeJsonText(source.text);
  },
  async load(source, options = {}) {
    if (source.kind === 'directory') {
      const mod = await readHclDirectory(source.path, { ...options, maxBytes: source.maxBytes });
      return [await timedNormalize(options, () => evaluatedHclModel(mod, path.basename(path.resolve(source.path)), source.path))];
    }
    const file = sourceName(source);
    const stack = source.kind === 'stdin' ? 'stdin' : path.basename(source.path).replace(/\.tf(\.json)?$/, '');
    const mod = await readHclText(file, source.text, baseDirectory(source), { ...options, maxBytes: source.maxBytes });
    return [await timedNormalize(options, () => evaluatedHclModel(mod, stack, file))];
  },
};
