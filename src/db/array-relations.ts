import { intArrayLiteral, numericArrayLiteral, textArrayLiteral, timestampArrayLiteral, uuidArrayLiteral } from './sql';

/**
 * Relations passed to a prepared statement as parallel arrays, one array parameter per column,
 * and read back with `unnest(...) as alias(columns)`: how one statement takes a whole group of
 * records. Each relation names its columns, their SQL types and how each value is read from a
 * record, so a statement never lists dozens of positional arrays by hand: the parameter numbers
 * in its text and the arguments of its EXECUTE come from the same declaration, in the same order.
 */

/** The element types of the arrays, and the value each takes in code. */
interface ElementTypes {
  int: number;
  uuid: string | null;
  text: string | null;
  numeric: { toFixed(): string } | null;
  timestamptz: Date | null;
}
type SqlType = keyof ElementTypes;

const arrayLiteral: { [T in SqlType]: (values: ElementTypes[T][]) => string } = {
  int: intArrayLiteral,
  uuid: uuidArrayLiteral,
  text: textArrayLiteral,
  numeric: numericArrayLiteral,
  timestamptz: timestampArrayLiteral,
};

/** One column: its SQL element type and how a record gives its value. */
export interface Column<Row> {
  type: SqlType;
  value(row: Row): ElementTypes[SqlType];
}

/** Builds the columns of a relation of `Row` records, each typed by its SQL element type. */
export interface ColumnFactory<Row> {
  int(value: (row: Row) => number): Column<Row>;
  uuid(value: (row: Row) => string | null): Column<Row>;
  text(value: (row: Row) => string | null): Column<Row>;
  numeric(value: (row: Row) => { toFixed(): string } | null): Column<Row>;
  timestamptz(value: (row: Row) => Date | null): Column<Row>;
}

function columnFactory<Row>(): ColumnFactory<Row> {
  const column =
    <T extends SqlType>(type: T) =>
    (value: (row: Row) => ElementTypes[T]): Column<Row> => ({ type, value: value as Column<Row>['value'] });
  return {
    int: column('int'),
    uuid: column('uuid'),
    text: column('text'),
    numeric: column('numeric'),
    timestamptz: column('timestamptz'),
  };
}

/** A relation's records, ready to become its arguments (see ArrayRelations.arguments). */
export interface BoundRelation {
  relation: ArrayRelation<never>;
  literals: string[];
}

export class ArrayRelation<Row> {
  constructor(
    private readonly alias: string,
    private readonly columns: [string, Column<Row>][],
    /** The number of its first parameter ($first). */
    readonly first: number,
  ) {}

  get size(): number {
    return this.columns.length;
  }

  /** `unnest($n::type[], ...) as alias(column, ...)`, for the statement's text. */
  get unnest(): string {
    const parameters = this.columns.map(([, c], i) => `$${this.first + i}::${c.type}[]`);
    return `unnest(${parameters.join(', ')}) as ${this.alias}(${this.columns.map(([name]) => name).join(', ')})`;
  }

  /** These records as this relation's arguments: one array literal per column. */
  bind(rows: Row[]): BoundRelation {
    const literals = this.columns.map(([, c]) =>
      (arrayLiteral[c.type] as (values: unknown[]) => string)(rows.map((row) => c.value(row))),
    );
    return { relation: this as ArrayRelation<never>, literals };
  }
}

/** The array relations of one statement, numbered in the order they are declared. */
export class ArrayRelations {
  private readonly relations: ArrayRelation<never>[] = [];
  private next = 1;

  /** Declares a relation; its parameters follow those of the relations declared before it. */
  relation<Row>(alias: string, columns: (c: ColumnFactory<Row>) => Record<string, Column<Row>>): ArrayRelation<Row> {
    const relation = new ArrayRelation<Row>(alias, Object.entries(columns(columnFactory<Row>())), this.next);
    this.next += relation.size;
    this.relations.push(relation as ArrayRelation<never>);
    return relation;
  }

  /** The statement's arguments in parameter order; every declared relation must be bound exactly once. */
  arguments(bound: BoundRelation[]): string[] {
    const byRelation = new Map(bound.map((b) => [b.relation, b.literals]));
    if (byRelation.size !== bound.length || bound.length !== this.relations.length)
      throw new Error(`bind each of the ${this.relations.length} relations once (${bound.length} given)`);
    return this.relations.flatMap((relation) => {
      const literals = byRelation.get(relation);
      if (!literals) throw new Error('a relation of another statement was bound');
      return literals;
    });
  }
}
