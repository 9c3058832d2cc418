import base from '../ava.config.base.js';

export default base;
