/** A free TCP port on the loopback interface. */
export declare function freePort(): Promise<number>;
export interface TestRedis {
  readonly url: string;
  stop(): Promise<void>;
}
/** $INPAINT_TEST_REDIS_URL (a database per call), else a redis-server from PATH on a free loopback port. */
export declare function startRedis(): Promise<TestRedis>;
