// @serialport/binding-mock 10.x ships types (dist/index.d.ts) but its package.json "exports" has no
// "types" condition, so TypeScript's NodeNext resolution cannot find them for an ESM import.
// This declares the part our tests use, copied in shape from that dist/index.d.ts.
declare module '@serialport/binding-mock' {
  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
  }
  export interface MockOpenOptions {
    path: string;
    baudRate: number;
    [key: string]: unknown;
  }
  export class MockPortBinding {
    isOpen: boolean;
    lastWrite: null | Buffer;
    recording: Buffer;
    emitData(data: Buffer | string): void;
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
    write(buffer: Buffer): Promise<void>;
    close(): Promise<void>;
  }
  export const MockBinding: {
    reset(): void;
    createPort(path: string, options?: CreatePortOptions): void;
    list(): Promise<
      { path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string }[]
    >;
    open(options: MockOpenOptions): Promise<MockPortBinding>;
  };
}
