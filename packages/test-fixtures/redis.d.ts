/** A free TCP port on the loopback interface. */
export declare function freePort(): Promise<number>;
export interface TestRedis {
  readonly url: string;
  /** Whether this Redis was started here (kill and restart work only then). */
  readonly own: boolean;
  stop(): Promise<void>;
  /** Stop it hard (SIGKILL by default) and wait for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Start it again on the same port and folder (with { aof: true }, its data come back). */
  restart(): Promise<void>;
}
/** $INPAINT_TEST_REDIS_URL (a database per call), else a redis-server from PATH on a free loopback port; { aof: true }: always one of our own, with an append-only file. */
export declare function startRedis(options?: { aof?: boolean }): Promise<TestRedis>;
