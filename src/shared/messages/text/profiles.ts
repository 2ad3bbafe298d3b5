import { texts } from '../message.ts';

/**
 * What is wrong with a profile, a field or a pattern, where they are entered (Settings, `profiles
 * add`, --fields) or used. The lower-case ones are clauses that follow what they are about.
 */
export const profiles = texts(
  {
    'profile.needsName': 'needs a name',
    'profile.needsField': 'needs at least one field',
    'field.needsLabel': 'needs a label',
    'field.badKey': 'must start with a letter and hold only a-z, 0-9 and _',
    'field.keyTwice': '"{key}" is used twice',
    'field.columnsNotTable': 'has columns but is not a table',
    'field.tableNeedsColumn': 'is a table and needs at least one column',
    'field.tooManyColumns': 'can have at most {max} columns',
    'profile.tooManyFields':
      'A profile can have at most {max} fields, and this one has {count}: split it into several profiles.',
    'profile.problem': 'The profile {problem}.',
    'profile.partProblem': "The profile's {part}: {problem}.",
    'profile.fieldProblem': 'The field "{label}": {part}{problem}.',
    'profile.fieldPattern': 'The pattern "{pattern}" of the field "{label}" {problem}.',
    'profile.fieldNumber': 'number {n}',
    'profile.savedPattern':
      'The pattern "{pattern}" of the field "{label}" {problem}; change it in Settings > Profiles (or with "extracto profiles add").',
    'profile.exists': 'A profile named "{name}" already exists.',
    'profile.unknown': 'There is no profile named "{name}".',
    'profile.unknownId': 'There is no profile "{id}".',
    'profile.noneYet': 'Define a profile first: there is nothing to extract yet.',
    'profile.ofResultGone': 'The profile "{name}" of result {id} no longer exists; name one with --profile.',

    'fields.empty': 'The field list is empty: give at least one field name.',
    'fields.unknownType': 'Unknown field type "{type}" in "{item}": use one of {types}.',
    'fields.noName': 'The field "{item}" has no name.',
    'fields.badColumnType':
      'The column "{item}" of the table "{table}" cannot be a {type}: use one of {types}.',
    'fields.unclosed': 'The field list has a "(" that is not closed: "{item}".',

    'pattern.notRegExp': 'is not a valid regular expression',
    'pattern.backreference':
      'uses a backreference "{construct}", which Extracto\'s linear-time pattern engine (RE2 syntax) does not support',
    'pattern.lookahead':
      'uses a lookahead "{construct}", which Extracto\'s linear-time pattern engine (RE2 syntax) does not support',
    'pattern.hugeRepeat':
      "repeats something more than 1000 times, which Extracto's linear-time pattern engine (RE2 syntax) does not support",
    'pattern.unsupported':
      "uses syntax Extracto's linear-time pattern engine (RE2 syntax) does not support ({detail})",
  },
  {
    'profile.needsName': 'necesita un nombre',
    'profile.needsField': 'necesita al menos un campo',
    'field.needsLabel': 'necesita una etiqueta',
    'field.badKey': 'debe empezar por una letra y contener solo a-z, 0-9 y _',
    'field.keyTwice': '«{key}» se usa dos veces',
    'field.columnsNotTable': 'tiene columnas pero no es una tabla',
    'field.tableNeedsColumn': 'es una tabla y necesita al menos una columna',
    'field.tooManyColumns': 'puede tener como máximo {max} columnas',
    'profile.tooManyFields':
      'Un perfil puede tener como máximo {max} campos, y este tiene {count}: divídelo en varios perfiles.',
    'profile.problem': 'El perfil {problem}.',
    'profile.partProblem': 'El perfil, en {part}: {problem}.',
    'profile.fieldProblem': 'El campo «{label}»: {part}{problem}.',
    'profile.fieldPattern': 'El patrón «{pattern}» del campo «{label}» {problem}.',
    'profile.fieldNumber': 'número {n}',
    'profile.savedPattern':
      'El patrón «{pattern}» del campo «{label}» {problem}; cámbialo en Ajustes > Perfiles (o con «extracto profiles add»).',
    'profile.exists': 'Ya existe un perfil llamado «{name}».',
    'profile.unknown': 'No hay ningún perfil llamado «{name}».',
    'profile.unknownId': 'No hay ningún perfil «{id}».',
    'profile.noneYet': 'Define antes un perfil: todavía no hay nada que extraer.',
    'profile.ofResultGone': 'El perfil «{name}» del resultado {id} ya no existe; indica otro con --profile.',

    'fields.empty': 'La lista de campos está vacía: indica al menos el nombre de un campo.',
    'fields.unknownType': 'Tipo de campo desconocido «{type}» en «{item}»: usa uno de estos: {types}.',
    'fields.noName': 'El campo «{item}» no tiene nombre.',
    'fields.badColumnType':
      'La columna «{item}» de la tabla «{table}» no puede ser de tipo {type}: usa uno de estos: {types}.',
    'fields.unclosed': 'La lista de campos tiene un «(» sin cerrar: «{item}».',

    'pattern.notRegExp': 'no es una expresión regular válida',
    'pattern.backreference':
      'usa una referencia inversa «{construct}», que el motor de patrones de tiempo lineal de Extracto (sintaxis RE2) no admite',
    'pattern.lookahead':
      'usa una búsqueda hacia delante «{construct}», que el motor de patrones de tiempo lineal de Extracto (sintaxis RE2) no admite',
    'pattern.hugeRepeat':
      'repite algo más de 1000 veces, lo que el motor de patrones de tiempo lineal de Extracto (sintaxis RE2) no admite',
    'pattern.unsupported':
      'usa una sintaxis que el motor de patrones de tiempo lineal de Extracto (sintaxis RE2) no admite ({detail})',
  },
);
