import type { Column, ColumnRole, Field, FieldRole } from './field.ts';

/**
 * What a field or column is on an invoice, for the checks: the role a person set, else the one its
 * key names. Keys are what `--fields` makes of the labels people type (slugify), in English and
 * Spanish; a key that names no role leaves the field out of the checks.
 */
const FIELD_KEYS: Record<FieldRole, readonly string[]> = {
  subtotal: ['subtotal', 'sub_total', 'net', 'net_amount', 'net_total', 'base_imponible', 'base'],
  tax: ['tax', 'vat', 'gst', 'sales_tax', 'tax_amount', 'vat_amount', 'iva', 'impuesto', 'impuestos'],
  total: [
    'total',
    'grand_total',
    'total_amount',
    'amount_due',
    'total_due',
    'importe_total',
    'total_a_pagar',
  ],
  invoice_date: ['date', 'invoice_date', 'issue_date', 'fecha', 'fecha_factura', 'fecha_de_emision'],
  due_date: ['due', 'due_date', 'payment_due', 'fecha_vencimiento', 'vencimiento', 'fecha_de_vencimiento'],
};

const COLUMN_KEYS: Record<ColumnRole, readonly string[]> = {
  description: ['description', 'item', 'items', 'product', 'article', 'descripcion', 'concepto', 'articulo'],
  quantity: ['quantity', 'qty', 'units', 'cantidad', 'cant', 'uds', 'unidades'],
  unit_price: ['unit_price', 'price', 'rate', 'unit_cost', 'precio', 'precio_unitario', 'p_unit'],
  amount: ['amount', 'line_total', 'total', 'line_amount', 'importe', 'subtotal'],
};

function byKey<R extends string>(table: Record<R, readonly string[]>, key: string): R | undefined {
  return (Object.keys(table) as R[]).find((role) => table[role].includes(key));
}

export function fieldRole(field: Pick<Field, 'key' | 'role' | 'type'>): FieldRole | undefined {
  if (field.role) return field.role;
  if (field.type === 'table' || field.type === 'list') return undefined;
  return byKey(FIELD_KEYS, field.key);
}

export function columnRole(column: Pick<Column, 'key' | 'role'>): ColumnRole | undefined {
  return column.role ?? byKey(COLUMN_KEYS, column.key);
}

/**
 * Where a table cell's meta lives in `fieldMeta`: `items[2].amount` (rows from 0). Field keys hold
 * only a-z, 0-9 and _, so the brackets and dot cannot clash with a field of its own.
 */
export function cellKey(table: string, row: number, column: string): string {
  return `${table}[${row}].${column}`;
}

/** The inverse of cellKey; undefined for a plain field key. */
export function parseCellKey(key: string): { table: string; row: number; column: string } | undefined {
  const m = /^([a-z][a-z0-9_]*)\[(\d+)\]\.([a-z][a-z0-9_]*)$/.exec(key);
  return m ? { table: m[1]!, row: Number(m[2]), column: m[3]! } : undefined;
}
