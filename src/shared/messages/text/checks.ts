import { texts } from '../message.ts';

/**
 * What the checks of a result's numbers found (core/checks), and why else a result needs review,
 * in the windows, the CLI and the file.
 */
export const checks = texts(
  {
    'checks.linesToSubtotal.ok': 'The {count} line amounts add up to the subtotal, {stated}.',
    'checks.linesToSubtotal.failed':
      'The {count} line amounts add up to {sum}, but the subtotal says {stated} (off by {difference}).',
    'checks.linesToTotal.ok': 'The {count} line amounts add up to the total, {stated}.',
    'checks.linesToTotal.failed':
      'The {count} line amounts add up to {sum}, but the total says {stated} (off by {difference}).',
    'checks.subtotalTax.ok': 'Subtotal {subtotal} + tax {tax} = total {total}.',
    'checks.subtotalTax.failed':
      'Subtotal {subtotal} + tax {tax} = {sum}, but the total says {total} (off by {difference}).',
    'checks.lineMath.ok': 'Quantity × unit price = amount on all {count} rows.',
    'checks.lineMath.failed':
      'Row {row}: {quantity} × {unitPrice} = {expected}, but its amount says {amount} (off by {difference}).',
    'checks.dueDate.ok': 'The due date {due} is not before the invoice date {date}.',
    'checks.dueDate.failed': 'The due date {due} is before the invoice date {date}.',
    'review.notOnPage': '"{field}" ({value}) is not on the page: the model may have made it up.',
  },
  {
    'checks.linesToSubtotal.ok': 'Los {count} importes de las líneas suman el subtotal, {stated}.',
    'checks.linesToSubtotal.failed':
      'Los {count} importes de las líneas suman {sum}, pero el subtotal dice {stated} (diferencia: {difference}).',
    'checks.linesToTotal.ok': 'Los {count} importes de las líneas suman el total, {stated}.',
    'checks.linesToTotal.failed':
      'Los {count} importes de las líneas suman {sum}, pero el total dice {stated} (diferencia: {difference}).',
    'checks.subtotalTax.ok': 'Subtotal {subtotal} + impuestos {tax} = total {total}.',
    'checks.subtotalTax.failed':
      'Subtotal {subtotal} + impuestos {tax} = {sum}, pero el total dice {total} (diferencia: {difference}).',
    'checks.lineMath.ok': 'Cantidad × precio unitario = importe en las {count} filas.',
    'checks.lineMath.failed':
      'Fila {row}: {quantity} × {unitPrice} = {expected}, pero su importe dice {amount} (diferencia: {difference}).',
    'checks.dueDate.ok': 'La fecha de vencimiento {due} no es anterior a la fecha de la factura {date}.',
    'checks.dueDate.failed': 'La fecha de vencimiento {due} es anterior a la fecha de la factura {date}.',
    'review.notOnPage': '«{field}» ({value}) no está en la página: puede que el modelo se lo haya inventado.',
  },
);
