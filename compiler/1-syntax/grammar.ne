# The Ved grammar. `npm run grammar` compiles it with nearleyc into
# grammar.generated.ts (never edited by hand; a test fails when it is stale).
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

// parse.ts feeds the parser the scanner's tokens through a TokenArrayLexer of
// its own; this one only tells nearleyc that `%name` symbols match by type.
const lexer = new TokenArrayLexer();

type D = any[];
const kw = (d: D) => d[0] as Token;
%}

@lexer lexer

# ---- top level --------------------------------------------------------------

program -> topItem:*                                     {% ([items]) => items.filter(Boolean) %}

topItem -> domain                                        {% id %}
         | goal                                          {% id %}
         | transition                                    {% id %}
         | ";"                                           {% () => null %}

domain -> "domain" %ident "{" member:* "}"
  {% (d: D): ast.Domain => ({ kind: "Domain", name: ast.ident(d[1]), members: d[3].filter(Boolean), span: ast.spanFrom(kw(d), d[4]) }) %}

member -> stateBlock                                     {% id %}
        | goal                                           {% id %}
        | transition                                     {% id %}
        | ";"                                            {% () => null %}

# ---- state ------------------------------------------------------------------

stateBlock -> "state" "{" fieldItem:* "}"
  {% (d: D): ast.StateBlock => ({ kind: "State", fields: d[2].filter(Boolean), span: ast.spanFrom(kw(d), d[3]) }) %}

fieldItem -> field                                       {% id %}
           | ";"                                         {% () => null %}

field -> %ident ":" %ident
  {% (d: D): ast.Field => ({ kind: "Field", name: ast.ident(d[0]), type: ast.ident(d[2]), init: null, span: ast.spanFrom(d[0], d[2]) }) %}
       | %ident ":" %ident "=" literal
  {% (d: D): ast.Field => ({ kind: "Field", name: ast.ident(d[0]), type: ast.ident(d[2]), init: d[4], span: ast.spanFrom(d[0], d[4]) }) %}

literal -> %int                                          {% ([t]) => ast.intLit(t) %}
         | "-" %int
  {% (d: D): ast.IntLit => ({ kind: "Int", text: "-" + ast.intLit(d[1]).text, span: ast.spanFrom(d[0], d[1]) }) %}
         | bool                                          {% id %}

# ---- goals and transitions --------------------------------------------------

goal -> "goal" expr
  {% (d: D): ast.Goal => ({ kind: "Goal", expr: d[1], span: ast.spanFrom(kw(d), d[1]) }) %}

transition -> "transition" %ident "{" "step" block "}"
  {% (d: D): ast.Transition => ({ kind: "Transition", name: ast.ident(d[1]), step: d[4].stmts, span: ast.spanFrom(kw(d), d[5]) }) %}

# ---- statements -------------------------------------------------------------

block -> "{" stmtItem:* "}"
  {% (d: D) => ({ stmts: d[1].filter(Boolean) as ast.Stmt[], span: ast.spanFrom(d[0], d[2]) }) %}

stmtItem -> statement                                    {% id %}
          | ";"                                          {% () => null %}

statement -> assign                                      {% id %}
           | ifStmt                                      {% id %}

assign -> %ident assignOp expr
  {% (d: D): ast.Assign => ({ kind: "Assign", target: ast.ident(d[0]), op: d[1].value, value: d[2], span: ast.spanFrom(d[0], d[2]) }) %}

assignOp -> "=" {% id %} | "+=" {% id %} | "-=" {% id %}

ifStmt -> "if" expr block
  {% (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: null, span: ast.spanFrom(kw(d), d[2]) }) %}
        | "if" expr block "else" block
  {% (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4].stmts, span: ast.spanFrom(kw(d), d[4]) }) %}
        | "if" expr block "else" ifStmt
  {% (d: D): ast.If => ({ kind: "If", cond: d[1], then: d[2].stmts, else: d[4], span: ast.spanFrom(kw(d), d[4]) }) %}

# ---- expressions, loosest binding first -------------------------------------

expr -> or                                               {% id %}

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
         | bool                                          {% id %}
         | %ident
  {% ([t]): ast.Name => ({ kind: "Name", name: t.value, span: ast.tokenSpan(t) }) %}
         | "(" expr ")"
  {% (d: D): ast.Expr => ({ ...d[1], span: ast.spanFrom(d[0], d[2]) }) %}

bool -> "true"   {% ([t]): ast.BoolLit => ({ kind: "Bool", value: true, span: ast.tokenSpan(t) }) %}
      | "false"  {% ([t]): ast.BoolLit => ({ kind: "Bool", value: false, span: ast.tokenSpan(t) }) %}

@{%
function binary(d: D): ast.Binary {
  const op = d[1] as Token;
  return { kind: "Binary", op: op.value as ast.BinaryOp, left: d[0], right: d[2], opSpan: ast.tokenSpan(op), span: ast.spanFrom(d[0], d[2]) };
}
%}
