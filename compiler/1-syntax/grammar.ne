# The Ved grammar. `npm run grammar` compiles it with nearleyc into
# grammar.generated.ts, which is committed and never edited by hand; the build
# does not regenerate it, and tests/parser.test.js fails when it is stale.
# docs/language.md gives the same grammar in EBNF.
#
# The grammar ignores newlines: parse.ts feeds it the scanner's tokens without
# whitespace or comments, and checks afterwards that two statements on one line
# are separated by `;`. No statement can start with a token that continues an
# expression, so the newline-free grammar stays unambiguous: every program has
# exactly one parse (tests/parser.test.js asserts it for every example).

@preprocessor typescript

@{%
import * as ast from "./ast.js";
import { TokenArrayLexer, type Token } from "./lexer.js";
import { cell, items } from "./list.js";

// parse.ts feeds the parser the scanner's tokens through a TokenArrayLexer of
// its own; this one only tells nearleyc that `%name` symbols match by type.
const lexer = new TokenArrayLexer();

type D = any[];
const kw = (d: D) => d[0] as Token;

%}

@lexer lexer

# ---- top level --------------------------------------------------------------

# The list stays a list: parse.ts makes it an array (see list.ts for why).
program -> topItems                                      {% id %}
topItems -> null                                         {% () => null %}
          | topItems topItem                             {% ([rest, item]) => cell(rest, item) %}

# Members after a domain's closing brace belong to the domain above them
# (parse.ts attaches them), as in the seed's flattened program.
topItem -> domain                                        {% id %}
         | importDecl                                    {% id %}
         | enumDecl                                      {% id %}
         | trailingMember                                {% id %}
         | ";"                                           {% () => null %}

# A list becomes an array in the rule that closes it with a token (list.ts).
enumDecl -> "enum" %ident "{" enumMembers "}"
  {% (d: D): ast.EnumDecl => ({ kind: "Enum", name: ast.ident(d[1]), members: items(d[3]), span: ast.spanFrom(kw(d), d[4]) }) %}

# `import { Zone, Tier } from "./shared.ved"`: enums another file declares.
# `import` and `from` are not reserved: they mean this only at the top level,
# where no other item starts with a name.
importDecl -> "import" "{" importNames "}" "from" string
  {% (d: D): ast.ImportDecl => ({ kind: "Import", names: items(d[2]), from: d[5], span: ast.spanFrom(kw(d), d[5]) }) %}
importNames -> null                                      {% () => null %}
             | importList ",":?                          {% id %}
importList -> %ident                                     {% ([t]) => cell(null, ast.ident(t)) %}
            | importList "," %ident                      {% (d: D) => cell(d[0], ast.ident(d[2])) %}

# Members are separated by `,`, `;` or newlines (parse.ts checks the newlines).
# Left-recursive: Earley parses a right-recursive list in quadratic time.
enumMembers -> null                                      {% () => null %}
             | enumItems (";" | ","):?                   {% id %}
enumItems -> %ident                                      {% ([t]) => cell(null, ast.ident(t)) %}
           | enumItems (";" | ","):? %ident              {% (d: D) => cell(d[0], ast.ident(d[2])) %}

domain -> "domain" %ident "{" members "}"
  {% (d: D): ast.Domain => ({ kind: "Domain", name: ast.ident(d[1]), members: items(d[3]), span: ast.spanFrom(kw(d), d[4]) }) %}

members -> null                                          {% () => null %}
         | members member                                {% ([rest, item]) => cell(rest, item) %}

member -> stateBlock                                     {% id %}
        | trailingMember                                 {% id %}
        | ";"                                            {% () => null %}

trailingMember -> param {% id %} | letDecl {% id %} | effectDecl {% id %} | invariant {% id %} | goal {% id %} | transition {% id %}

# ---- declarations -------------------------------------------------------------

stateBlock -> "state" "{" fieldItems "}"
  {% (d: D): ast.StateBlock => ({ kind: "State", fields: items(d[2]), span: ast.spanFrom(kw(d), d[3]) }) %}

fieldItems -> null                                       {% () => null %}
            | fieldItems fieldItem                       {% ([rest, item]) => cell(rest, item) %}

fieldItem -> field                                       {% id %}
           | ";"                                         {% () => null %}

# `owned pending: int`: a field only the domain's own steps and outcomes
# change. `owned` is not reserved: it means this only before a field's name.
field -> "owned":? %ident ":" %ident region:? initialiser:?
  {% (d: D): ast.Field => ({ kind: "Field", owned: d[0] ? ast.ident(d[0]) : null, name: ast.ident(d[1]), type: ast.ident(d[3]), key: null, range: d[4]?.kind === "Range" ? d[4] : null, values: d[4]?.kind === "ValueSet" ? d[4] : null, init: d[5], span: ast.spanFrom(d[0] ?? d[1], d[5] ?? d[4] ?? d[3]) }) %}
# `replicas: map<Zone, int in 0..5> = 1`: one value per member of the enum,
# each with the region inside the brackets and the initial value after them.
# `map` is not reserved: it means this only as a field's type.
       | "owned":? %ident ":" "map" "<" %ident "," %ident region:? ">" initialiser:?
  {% (d: D): ast.Field => ({ kind: "Field", owned: d[0] ? ast.ident(d[0]) : null, name: ast.ident(d[1]), type: ast.ident(d[7]), key: ast.ident(d[5]), range: d[8]?.kind === "Range" ? d[8] : null, values: d[8]?.kind === "ValueSet" ? d[8] : null, init: d[10], span: ast.spanFrom(d[0] ?? d[1], d[10] ?? d[9]) }) %}
# `map<Zone, bool>=true`: the scanner reads `>=` as one token.
       | "owned":? %ident ":" "map" "<" %ident "," %ident region:? ">=" literal
  {% (d: D): ast.Field => ({ kind: "Field", owned: d[0] ? ast.ident(d[0]) : null, name: ast.ident(d[1]), type: ast.ident(d[7]), key: ast.ident(d[5]), range: d[8]?.kind === "Range" ? d[8] : null, values: d[8]?.kind === "ValueSet" ? d[8] : null, init: d[10], span: ast.spanFrom(d[0] ?? d[1], d[10]) }) %}

# The values a field may hold: `workers: int in 0..100`, `error_rate: float
# in 0.0..1.0 by 0.1`, `holder: string in {"", "node-1"}`. `in` and `by` are
# not reserved: they mean this only after a field's type, where a name could
# not stand.
region -> range                                          {% id %}
        | "in" "{" setItems "}"
  {% (d: D): ast.ValueSet => ({ kind: "ValueSet", values: items(d[2]), span: ast.spanFrom(kw(d), d[3]) }) %}

range -> "in" rangeBound ".." rangeBound ("by" stepSize):?
  {% (d: D): ast.Range => ({ kind: "Range", min: d[1], max: d[3], step: d[4] ? d[4][1] : null, span: ast.spanFrom(kw(d), d[4] ? d[4][1] : d[3]) }) %}

rangeBound -> %int                                       {% ([t]) => ast.intLit(t) %}
            | "-" %int                                   {% (d: D) => ast.negate(d[0], ast.intLit(d[1])) %}
            | %float                                     {% ([t]) => ast.floatLit(t) %}
            | "-" %float                                 {% (d: D) => ast.negate(d[0], ast.floatLit(d[1])) %}

stepSize -> rangeBound                                   {% id %}

# Left-recursive, as enumItems; a trailing comma is allowed.
setItems -> null                                         {% () => null %}
          | setList ",":?                                {% id %}
setList -> literal                                       {% ([l]) => cell(null, l) %}
         | setList "," literal                           {% (d: D) => cell(d[0], d[2]) %}

param -> "param" %ident ":" %ident initialiser:?
  {% (d: D): ast.Param => ({ kind: "Param", name: ast.ident(d[1]), type: ast.ident(d[3]), init: d[4], span: ast.spanFrom(kw(d), d[4] ?? d[3]) }) %}

initialiser -> "=" literal                               {% (d: D) => d[1] %}

literal -> %int                                          {% ([t]) => ast.intLit(t) %}
         | %float                                        {% ([t]) => ast.floatLit(t) %}
         | "-" %int                                      {% (d: D) => ast.negate(d[0], ast.intLit(d[1])) %}
         | "-" %float                                    {% (d: D) => ast.negate(d[0], ast.floatLit(d[1])) %}
         | %duration                                     {% ([t]) => ast.durationLit(t) %}
         | "-" %duration                                 {% (d: D) => ast.negate(d[0], ast.durationLit(d[1])) %}
         | bool                                          {% id %}
         | string                                        {% id %}
         | enumRef                                       {% id %}

letDecl -> "let" %ident "=" expr
  {% (d: D): ast.Let => ({ kind: "Let", name: ast.ident(d[1]), value: d[3], span: ast.spanFrom(kw(d), d[3]) }) %}

effectDecl -> "effect" %ident "(" effectParams ")" outcomes:?
  {% (d: D): ast.EffectDecl => ({ kind: "Effect", name: ast.ident(d[1]), params: items(d[3]), outcomes: d[5], span: ast.spanFrom(kw(d), d[5] ?? d[4]) }) %}

# What the effect's completion does: `done { ... }` once its handler
# succeeds, `failed { ... }` once it has finally failed. `done` and `failed`
# are not reserved: they mean this only here.
outcomes -> "{" outcomeItems "}"
  {% (d: D): ast.Outcomes => ({ blocks: items(d[1]), span: ast.spanFrom(d[0], d[2]) }) %}

outcomeItems -> null                                     {% () => null %}
              | outcomeItems outcomeItem                 {% ([rest, item]) => cell(rest, item) %}

outcomeItem -> ("done" | "failed") block
  {% (d: D): ast.OutcomeBlock => ({ kind: d[0][0].value, keyword: ast.ident(d[0][0]), step: d[1].stmts, span: ast.spanFrom(d[0][0], d[1]) }) %}
             | ";"                                       {% () => null %}

effectParams -> null                                     {% () => null %}
              | effectParamList                          {% id %}
effectParamList -> effectParam                           {% ([p]) => cell(null, p) %}
                 | effectParamList "," effectParam       {% (d: D) => cell(d[0], d[2]) %}

effectParam -> %ident ":" %ident                         {% (d: D): ast.EffectParam => ({ name: ast.ident(d[0]), type: ast.ident(d[2]) }) %}

invariant -> "invariant" expr
  {% (d: D): ast.Invariant => ({ kind: "Invariant", name: null, expr: d[1], span: ast.spanFrom(kw(d), d[1]) }) %}
           | "invariant" %ident ":" expr
  {% (d: D): ast.Invariant => ({ kind: "Invariant", name: ast.ident(d[1]), expr: d[3], span: ast.spanFrom(kw(d), d[3]) }) %}

goal -> "goal" expr
  {% (d: D): ast.Goal => ({ kind: "Goal", name: null, expr: d[1], span: ast.spanFrom(kw(d), d[1]) }) %}
      | "goal" %ident ":" expr
  {% (d: D): ast.Goal => ({ kind: "Goal", name: ast.ident(d[1]), expr: d[3], span: ast.spanFrom(kw(d), d[3]) }) %}

transition -> "transition" %ident guard:? "{" "step" block "}"
  {% (d: D): ast.Transition => ({ kind: "Transition", name: ast.ident(d[1]), keys: [], guard: d[2], step: d[5].stmts, span: ast.spanFrom(kw(d), d[6]) }) %}
# `transition add(z: Zone)`: tried once per member, as if written once each.
            | "transition" %ident "(" effectParamList ")" guard:? "{" "step" block "}"
  {% (d: D): ast.Transition => ({ kind: "Transition", name: ast.ident(d[1]), keys: items(d[3]), guard: d[5], step: d[8].stmts, span: ast.spanFrom(kw(d), d[9]) }) %}

guard -> "when" expr                                     {% (d: D) => d[1] %}

# ---- statements -------------------------------------------------------------

block -> "{" stmtItems "}"
  {% (d: D) => ({ stmts: items(d[1]) as ast.Stmt[], span: ast.spanFrom(d[0], d[2]) }) %}

stmtItems -> null                                        {% () => null %}
           | stmtItems stmtItem                          {% ([rest, item]) => cell(rest, item) %}

stmtItem -> statement                                    {% id %}
          | ";"                                          {% () => null %}

statement -> assign                                      {% id %}
           | ifStmt                                      {% id %}
           | letDecl                                     {% id %}
           | call                                        {% (d: D): ast.CallStmt => ({ kind: "CallStmt", call: d[0], span: d[0].span }) %}

assign -> %ident assignOp expr
  {% (d: D): ast.Assign => ({ kind: "Assign", target: ast.ident(d[0]), key: null, op: d[1].value, value: d[2], span: ast.spanFrom(d[0], d[2]) }) %}
        | %ident "[" expr "]" assignOp expr
  {% (d: D): ast.Assign => ({ kind: "Assign", target: ast.ident(d[0]), key: d[2], op: d[4].value, value: d[5], span: ast.spanFrom(d[0], d[5]) }) %}

assignOp -> "=" {% id %} | "+=" {% id %} | "-=" {% id %} | "*=" {% id %}

ifStmt -> "if" expr block
  {% (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: null, span: ast.spanFrom(kw(d), d[2]) }) %}
        | "if" expr block "else" block
  {% (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4].stmts, span: ast.spanFrom(kw(d), d[4]) }) %}
        | "if" expr block "else" ifStmt
  {% (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4], span: ast.spanFrom(kw(d), d[4]) }) %}

# ---- expressions, loosest binding first -------------------------------------

# `if c then a else b` stands only where a whole expression does (a
# statement's value, a condition, an argument, inside parentheses): an
# operand that is one needs parentheses. Its `else` branch reaches as far as
# an expression can. `then` is not reserved: it means this only here, where a
# name could not stand.
expr -> implies                                          {% id %}
      | "if" expr "then" expr "else" expr
  {% (d: D): ast.Conditional => ({ kind: "Conditional", cond: d[1], then: d[3], else: d[5], span: ast.spanFrom(kw(d), d[5]) }) %}
# `all z in Zone: replicas[z] >= 1`: stands where `if ... then ... else`
# does, its body reaching as far as an expression can. `all` and `any` are
# not reserved: they mean this only before a name and `in`.
      | ("all" | "any") %ident "in" %ident ":" expr
  {% (d: D): ast.Quantifier => ({ kind: "Quantifier", op: d[0][0].value, keyword: ast.ident(d[0][0]), binder: ast.ident(d[1]), over: ast.ident(d[3]), body: d[5], span: ast.spanFrom(d[0][0], d[5]) }) %}

# `a => b`: implication, the loosest operator, right-associative
# (`a => b => c` is `a => (b => c)`). Parsed left-recursive, as every chain
# here (Earley parses a right-recursive one in quadratic time), and grouped
# to the right afterwards (parse.ts, groupImplications).
implies -> implies "=>" or                               {% binary %}
         | or                                            {% id %}

or  -> or "||" and                                       {% binary %}
     | and                                               {% id %}
and -> and "&&" eq                                       {% binary %}
     | eq                                                {% id %}
eq  -> eq eqOp cmp                                       {% binary %}
     | cmp                                               {% id %}
cmp -> cmp cmpOp add                                     {% binary %}
     | add                                               {% id %}
add -> add addOp mul                                     {% binary %}
     | mul                                               {% id %}
mul -> mul mulOp unary                                   {% binary %}
     | unary                                             {% id %}

eqOp  -> "==" {% id %} | "!=" {% id %}
cmpOp -> "<" {% id %} | "<=" {% id %} | ">" {% id %} | ">=" {% id %}
addOp -> "+" {% id %} | "-" {% id %}
mulOp -> "*" {% id %} | "/" {% id %} | "%" {% id %}

unary -> "!" unary
  {% (d: D): ast.Unary => ({ kind: "Unary", op: "!", operand: d[1], span: ast.spanFrom(d[0], d[1]) }) %}
       | "-" unary
  {% (d: D): ast.Unary => ({ kind: "Unary", op: "-", operand: d[1], span: ast.spanFrom(d[0], d[1]) }) %}
       | primary                                         {% id %}

primary -> %int                                          {% ([t]) => ast.intLit(t) %}
         | %float                                        {% ([t]) => ast.floatLit(t) %}
         | %duration                                     {% ([t]) => ast.durationLit(t) %}
         | "now"                                         {% ([t]): ast.Now => ({ kind: "Now", span: ast.tokenSpan(t) }) %}
         | bool                                          {% id %}
         | string                                        {% id %}
         | interpolation                                 {% id %}
         | enumRef                                       {% id %}
         | call                                          {% id %}
         | fold                                          {% id %}
         | %ident
  {% ([t]): ast.Name => ({ kind: "Name", name: t.value, span: ast.tokenSpan(t) }) %}
         | %ident "[" expr "]"
  {% (d: D): ast.Index => ({ kind: "Index", target: ast.ident(d[0]), key: d[2], span: ast.spanFrom(d[0], d[3]) }) %}
         | "(" expr ")"
  {% (d: D): ast.Expr => ({ ...d[1], span: ast.spanFrom(d[0], d[2]) }) %}

call -> %ident "(" args ")"
  {% (d: D): ast.Call => ({ kind: "Call", callee: ast.ident(d[0]), args: items(d[2]), span: ast.spanFrom(d[0], d[3]) }) %}

# `sum(z in Zone: replicas[z])`: a call's shape, told apart by the name and
# `in` after its `(`, which no argument starts with.
fold -> ("sum" | "count" | "min" | "max") "(" %ident "in" %ident ":" expr ")"
  {% (d: D): ast.Quantifier => ({ kind: "Quantifier", op: d[0][0].value, keyword: ast.ident(d[0][0]), binder: ast.ident(d[2]), over: ast.ident(d[4]), body: d[6], span: ast.spanFrom(d[0][0], d[7]) }) %}

args -> null                                             {% () => null %}
      | argList                                          {% id %}
argList -> expr                                          {% ([e]) => cell(null, e) %}
         | argList "," expr                              {% (d: D) => cell(d[0], d[2]) %}

enumRef -> %ident "." %ident
  {% (d: D): ast.EnumRef => ({ kind: "EnumRef", enum: ast.ident(d[0]), member: ast.ident(d[2]), span: ast.spanFrom(d[0], d[2]) }) %}

bool -> "true"   {% ([t]): ast.BoolLit => ({ kind: "Bool", value: true, span: ast.tokenSpan(t) }) %}
      | "false"  {% ([t]): ast.BoolLit => ({ kind: "Bool", value: false, span: ast.tokenSpan(t) }) %}

string -> %string {% ([t]): ast.StringLit => ({ kind: "String", raw: t.value, value: "", span: ast.tokenSpan(t) }) %}

# `"disk at \(used)% on \(zone)"`: the scanner splits it into a head, the
# expressions' tokens with the text between them, and a tail (lexer.ts). Only
# an expression may be one; a literal (an initialiser, a set) is plain text.
interpolation -> %stringHead holes %stringTail
  {% (d: D): ast.Interpolation => {
    const holes = items(d[1]) as { text: Token | null; expr: ast.Expr }[];
    const texts = [d[0], ...holes.slice(1).map((h) => h.text!), d[2]].map((t: Token) => ({ raw: t.value, value: "", span: ast.tokenSpan(t) }));
    return { kind: "Interpolation", texts, holes: holes.map((h) => h.expr), span: ast.spanFrom(d[0], d[2]) };
  } %}

holes -> expr                                            {% ([e]) => cell(null, { text: null, expr: e }) %}
       | holes %stringMiddle expr                        {% (d: D) => cell(d[0], { text: d[1], expr: d[2] }) %}

@{%
function binary(d: D): ast.Binary {
  const op = d[1] as Token;
  return { kind: "Binary", op: op.value as ast.BinaryOp, left: d[0], right: d[2], opSpan: ast.tokenSpan(op), span: ast.spanFrom(d[0], d[2]) };
}
%}
