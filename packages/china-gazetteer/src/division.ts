/** One division as the data files store it: code, name and, where known, the GCJ-02 centre. */
export type DivisionRow = readonly [code: string, name: string, lng?: number, lat?: number];
