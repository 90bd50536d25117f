export declare const sharedTestConfig: Record<string, unknown>;
