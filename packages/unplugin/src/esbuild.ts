/**
 * @inpaint/unplugin/esbuild — the plugin for esbuild.
 * @example
 * import inpaint from '@inpaint/unplugin/esbuild';
 * const plugin = inpaint({ masks: 'masks/' });
 */
import { inpaintUnplugin } from './index.js';

export default inpaintUnplugin.esbuild;
