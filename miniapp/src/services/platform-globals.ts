// H5 and Node have Request / Response / Headers / FormData natively: nothing to add.
// The weapp build resolves platform-globals.weapp.ts instead (Taro's per-platform files).
export {};
