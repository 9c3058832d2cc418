/**
 * @inpaint/unplugin/vite — the plugin for vite.
 * @example
 * import inpaint from '@inpaint/unplugin/vite';
 * const plugin = inpaint({ masks: 'masks/' });
 */
import { inpaintUnplugin } from './index.js';

export default inpaintUnplugin.vite;
