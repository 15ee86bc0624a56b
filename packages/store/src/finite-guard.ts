// No non-finite number ever reaches a table. SQLite stores Infinity as a REAL that JSON shows as null and
// a PostgreSQL backup writes as null (then a restore fails on NOT NULL); NaN becomes NULL. Whatever a
// caller derived, a write carrying such a value is refused here, naming the column.
import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import { StoreError } from './errors.js';

function refuse(value: number): never {
  throw new StoreError(
    'invalid',
    `refused to store the non-finite number ${String(value)}: a derived quantity overflowed; check the input's times and durations`,
  );
}

function check(value: unknown): void {
  if (typeof value === 'number' && !Number.isFinite(value)) refuse(value);
}

class FiniteTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    check(node.value);
    return super.transformValue(node);
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    for (const value of node.values) check(value);
    return super.transformPrimitiveValueList(node);
  }
}

export class FiniteNumbersPlugin implements KyselyPlugin {
  readonly #transformer = new FiniteTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
