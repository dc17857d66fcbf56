// The task of library.mjs, in the module file tinypool requires.
export default (n) => n + 1;
