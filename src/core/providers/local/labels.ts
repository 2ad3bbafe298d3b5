import { slugify, type Field } from '../../../shared/field.ts';

/**
 * Built-in knowledge for fields people commonly ask for, used when the user gives no hints (and
 * merged with the hints when they do). A field is recognised by its key or its label, slugified,
 * against each kind's synonyms; English and Spanish at least.
 */
export const KINDS = [
  'total',
  'subtotal',
  'tax',
  'date',
  'due_date',
  'invoice_number',
  'company',
  'address',
  'email',
  'phone',
  'name',
] as const;
type Kind = (typeof KINDS)[number];

export interface LabelSpec {
  text: string;
  /** How strongly this label points at the value (a "grand total" beats a bare "total"). */
  weight: number;
}

export interface Knowledge {
  kind: Kind;
  /** Slugs of keys and labels that name this kind. */
  synonyms: string[];
  labels: LabelSpec[];
  /** Labels that look like ours but name something else: a value next to them is never ours. */
  exclude: string[];
  /** Where on the page such a value usually sits, when no hint says otherwise. */
  position?: 'top' | 'bottom';
}

function labels(weight: number, ...texts: string[]): LabelSpec[] {
  return texts.map((text) => ({ text, weight }));
}

const KNOWLEDGE: readonly Knowledge[] = [
  {
    kind: 'total',
    synonyms: [
      'total',
      'amount',
      'grand_total',
      'total_amount',
      'amount_due',
      'importe',
      'importe_total',
      'total_a_pagar',
      'monto',
      'monto_total',
      'total_due',
      'sum',
      'suma',
      'precio_total',
      'total_price',
    ],
    labels: [
      ...labels(
        1,
        'grand total',
        'amount due',
        'total due',
        'balance due',
        'total a pagar',
        'importe total',
        'total importe',
        'total amount',
        'amount payable',
        'total payable',
        'nett total',
        'net total',
        'total incl',
        'total inclusive',
        'total including',
        'total incl gst',
        'total inc gst',
        'total (incl',
        'total factura',
        'total eur',
        'total rm',
        'total usd',
        'total sales inclusive',
        'rounded total',
        'total rounded',
        'total after rounding',
        'monto total',
        'total general',
        'a pagar',
      ),
      ...labels(0.9, 'total', 'importe', 'amount', 'total:'),
    ],
    exclude: [
      'subtotal',
      'sub total',
      'sub-total',
      'total tax',
      'total gst',
      'total vat',
      'total iva',
      'total qty',
      'total quantity',
      'total items',
      'total item',
      'total discount',
      'total savings',
      'total saving',
      'total excl',
      'total excluding',
      'excluding gst',
      'excl gst',
      'excl. gst',
      'total sales excl',
      'total before',
      'change',
      'cambio',
      'cash',
      'efectivo',
      'rounding',
      'round adj',
      'rounding adj',
      'redondeo',
      'tendered',
      'supplies',
      'you saved',
      'points',
      'tender',
      'gst summary',
      'tax amount',
      'base imponible',
      'amount (rm)',
      'gst amount',
      'service charge',
      'paid',
      'pagado',
      'entregado',
    ],
    position: 'bottom',
  },
  {
    kind: 'subtotal',
    synonyms: ['subtotal', 'sub_total', 'base_imponible', 'net_amount'],
    labels: [
      ...labels(1, 'subtotal', 'sub total', 'sub-total', 'base imponible'),
      ...labels(0.8, 'total excl', 'total excluding'),
      // The sum before tax under a table of lines, where invoices print no "subtotal".
      ...labels(0.8, 'net', 'net amount', 'neto', 'importe neto', 'suma'),
    ],
    exclude: ['net total', 'nett total', 'net weight', 'net wt'],
    position: 'bottom',
  },
  {
    kind: 'tax',
    synonyms: ['tax', 'vat', 'gst', 'iva', 'impuesto', 'tax_amount', 'total_tax', 'igv'],
    labels: labels(
      1,
      'total tax',
      'tax',
      'vat',
      'gst',
      'iva',
      'impuesto',
      'total gst',
      'gst amount',
      'tax amount',
      'igv',
    ),
    exclude: [
      'gst id',
      'gst reg',
      'gst no',
      'tax invoice',
      'incl gst',
      'inclusive gst',
      'inc gst',
      'tax id',
      'vat no',
      'vat reg',
    ],
    position: 'bottom',
  },
  {
    kind: 'date',
    synonyms: [
      'date',
      'fecha',
      'invoice_date',
      'fecha_factura',
      'fecha_de_factura',
      'issue_date',
      'fecha_emision',
      'fecha_de_emision',
      'receipt_date',
      'purchase_date',
      'transaction_date',
    ],
    labels: [
      ...labels(
        1,
        'invoice date',
        'fecha de factura',
        'fecha factura',
        'fecha de emision',
        'fecha emision',
        'date of issue',
        'issue date',
        'receipt date',
        'doc date',
        'bill date',
        'transaction date',
        'trans date',
      ),
      ...labels(0.9, 'date', 'fecha', 'dated'),
    ],
    exclude: [
      'due date',
      'fecha de vencimiento',
      'vencimiento',
      'expiry',
      'exp date',
      'delivery date',
      'birth',
      'nacimiento',
      'update',
    ],
    position: 'top',
  },
  {
    kind: 'due_date',
    synonyms: [
      'due_date',
      'due',
      'payment_due',
      'fecha_vencimiento',
      'fecha_de_vencimiento',
      'vencimiento',
      'pay_by',
    ],
    labels: labels(
      1,
      'due date',
      'payment due',
      'due',
      'pay by',
      'fecha de vencimiento',
      'fecha vencimiento',
      'vencimiento',
      'vence',
    ),
    exclude: ['amount due', 'balance due', 'total due'],
  },
  {
    kind: 'invoice_number',
    synonyms: [
      'invoice_number',
      'invoice_no',
      'invoice',
      'invoice_id',
      'numero_factura',
      'numero_de_factura',
      'n_factura',
      'no_factura',
      'factura',
      'receipt_number',
      'receipt_no',
      'bill_no',
      'bill_number',
      'document_number',
      'doc_no',
      'folio',
    ],
    labels: [
      ...labels(
        1,
        'invoice no',
        'invoice number',
        'invoice #',
        'invoice nº',
        'inv no',
        'inv #',
        'tax invoice no',
        'nº factura',
        'n° factura',
        'no factura',
        'numero de factura',
        'num factura',
        'factura nº',
        'factura n',
        'factura no',
        'invoice',
      ),
      ...labels(
        0.85,
        'receipt no',
        'receipt #',
        'bill no',
        'doc no',
        'document no',
        'folio',
        'ticket no',
        'ticket nº',
        'order no',
        'ref no',
        'no. recibo',
        'recibo nº',
        'cash bill no',
        'slip no',
        'trans no',
      ),
    ],
    exclude: ['invoice date', 'tax invoice'],
    position: 'top',
  },
  {
    kind: 'company',
    synonyms: [
      'company',
      'company_name',
      'vendor',
      'vendor_name',
      'supplier',
      'supplier_name',
      'merchant',
      'merchant_name',
      'store',
      'store_name',
      'shop',
      'seller',
      'empresa',
      'proveedor',
      'emisor',
      'razon_social',
      'comercio',
      'tienda',
      'business',
      'business_name',
      'issuer',
    ],
    labels: labels(0.8, 'company', 'vendor', 'supplier', 'empresa', 'proveedor', 'razon social', 'merchant'),
    // "Company Reg. No: 1101083-T" names the company's registration, not the company.
    exclude: ['company reg', 'company no', 'company registration', 'company id', 'co reg', 'co no'],
    position: 'top',
  },
  {
    kind: 'address',
    synonyms: [
      'address',
      'company_address',
      'vendor_address',
      'supplier_address',
      'store_address',
      'direccion',
      'domicilio',
      'address_line',
      'street_address',
    ],
    labels: labels(0.8, 'address', 'direccion', 'domicilio', 'addr'),
    exclude: ['email address', 'e-mail address', 'ip address', 'bill to', 'ship to', 'delivery address'],
    position: 'top',
  },
  {
    kind: 'email',
    synonyms: ['email', 'e_mail', 'mail', 'correo', 'correo_electronico', 'email_address'],
    labels: labels(1, 'email', 'e-mail', 'correo', 'correo electronico', 'mail'),
    exclude: [],
  },
  {
    kind: 'phone',
    synonyms: [
      'phone',
      'phone_number',
      'telephone',
      'tel',
      'telefono',
      'mobile',
      'movil',
      'celular',
      'contact_number',
      'mobile_number',
    ],
    labels: labels(
      1,
      'phone',
      'tel',
      'telephone',
      'telefono',
      'tlf',
      'mobile',
      'movil',
      'celular',
      'mob',
      'ph',
    ),
    exclude: ['fax'],
  },
  {
    kind: 'name',
    synonyms: [
      'name',
      'full_name',
      'nombre',
      'customer',
      'customer_name',
      'cliente',
      'nombre_cliente',
      'contact',
      'contact_name',
    ],
    labels: labels(
      1,
      'name',
      'full name',
      'nombre',
      'customer',
      'customer name',
      'cliente',
      'nombre y apellidos',
      'contact',
    ),
    exclude: ['company name', 'user name', 'username', 'file name'],
  },
];

/** Which built-in kind a field is, from its key or its label; undefined when none fits. */
export function knowledgeFor(field: Pick<Field, 'key' | 'label'>): Knowledge | undefined {
  const slugs = [slugify(field.key), slugify(field.label)];
  for (const slug of slugs) {
    const exact = KNOWLEDGE.find((k) => k.synonyms.includes(slug));
    if (exact) return exact;
  }
  // "Total (EUR)", "invoice_total", "fecha_compra": the first word or last word names the kind.
  for (const slug of slugs) {
    const parts = slug.split('_');
    for (const part of [parts[parts.length - 1]!, parts[0]!]) {
      const found = KNOWLEDGE.find((k) => k.synonyms.includes(part));
      if (found) return found;
    }
  }
  return undefined;
}

/** Words that mark a company name on a receipt or invoice header. */
export const COMPANY_SUFFIXES =
  /\b(?:SDN\.?\s*BHD|BHD|S\/B|SB|LTD|LIMITED|INC|LLC|LLP|PLC|GMBH|CORP(?:ORATION)?|CO\.?,?\s*LTD|S\.?\s?[LA]\.?(?:U\.?)?|S\.?\s?DE\s?R\.?\s?L\.?|SAS|ENTERPRISES?|TRADING|HOLDINGS?|MART|SUPERMARKET|HYPERMARKET|RESTAURANT|RESTORAN|BOOKSTORE|HARDWARE|PHARMACY|STATIONERY|BAKERY|CAFE|KEDAI|MARKETING|INDUSTRIES|SERVICES|PTE|PTY|AG|SPA|SRL)\b\.?/;

/** Words that mark an address line. */
export const ADDRESS_WORDS =
  /\b(?:NO|LOT|JALAN|JLN|JL|TAMAN|TMN|LORONG|PERSIARAN|LEBUH|KAMPUNG|KG|BANDAR|BDR|BATU|KM|STREET|ST|ROAD|RD|AVENUE|AVE|BLVD|BOULEVARD|LANE|DRIVE|DR|WAY|SUITE|UNIT|FLOOR|FLR|BLOCK|BLK|LEVEL|AVENIDA|AVDA|AV|CALLE|C\/|PLAZA|PASEO|CARRERA|COLONIA|COL|PISO|PUERTA|BARRIO|CP|C\.P\.|INDUSTRIAL|PARK|CENTRE|CENTER|MALL|SEKSYEN|SEK|DESA|MEDAN|TASIK|KAWASAN|PERINDUSTRIAN|KOMPLEKS|WISMA|MENARA|BANGUNAN|PUSAT|DARUL|KUALA LUMPUR|SELANGOR|JOHOR|PENANG|PULAU PINANG|PERAK|KEDAH|MELAKA|PAHANG|SABAH|SARAWAK|NEGERI SEMBILAN|PUTRAJAYA|KELANTAN|TERENGGANU|PERLIS|SHAH ALAM|PETALING JAYA|SUBANG|PUCHONG|KLANG|CHERAS|MADRID|BARCELONA|ESPAÑA|SPAIN|MEXICO|CDMX|USA|UK)\b/;

/** Lines that end the header block: tax ids, phones, dates, document titles. */
export const HEADER_STOP =
  /\b(?:TEL|TELEPHONE|PHONE|FAX|H\/P|HP|TLF|TELEFONO|EMAIL|E-MAIL|GST|SST|VAT|NIF|CIF|RFC|TAX|INVOICE|RECEIPT|FACTURA|TICKET|RECIBO|CASHIER|CAJERO|DATE|FECHA|WEBSITE|WWW|HTTP|BILL|TABLE|ORDER|MEMBER|OPERATOR)\b/;

/** Registration numbers printed under a company name ("ROC NO: 538358-H", "(1234567-X)"). */
export const REGISTRATION =
  /\b(?:ROC|CO\.?[\s-]*(?:REG\.?\s*)?N[O0]|CO[.\s-]*REG|COMPANY\s*(?:REG\.?\s*)?N[O0]|REG(?:ISTRATION)?\.?\s*N[O0]|BUSINESS\s*REG|SSM)\b|^\(?\s*(?:CO\.?\s*)?(?:NO\.?\s*)?[:.]?\s*\d{4,}[-\s]?[A-Z]{1,2}\s*\)?$|\(\s*\d{4,}-?[A-Z]\s*\)/;
