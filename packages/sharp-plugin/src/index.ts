/**
 * @inpaint/sharp — `.inpaint()` for sharp pipelines. Importing this module (ESM import or
 * CommonJS require) adds the method to the sharp that the app resolves, both its ESM and
 * CommonJS classes, with the default Inpainter; call register() to choose another or a
 * pool. '@inpaint/sharp/api' exports the same without registering.
 */
import { register } from './register.js';

export * from './api.js';

register();
