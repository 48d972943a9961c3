<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-math.xsl: formulas. MathML is kept as MathML where the reader draws it (browsers: mode "mathml"), and
  drawn as HTML where it does not (WeasyPrint: mode "math"); each layer chooses for mml:math.
  Input:  inline-formula, disp-formula, tex-math, and MathML in the mml namespace.
  Output: (default mode) <span class="inline-formula">, <div class="disp-formula"> with the formula and its label.
          (mode "mathml") MathML in the MathML namespace: only presentation elements and a list of known
          attributes; no links, events, styles or annotations come through.
          (mode "math") inline HTML that prints the same symbols: identifiers in italics, sup/sub for scripts,
          stacked fractions, a radical sign with a rule over its content, operators with thin spaces; the text
          stays searchable. An alttext or TeX alternative is not used.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:template match="inline-formula">
    <span class="inline-formula">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="disp-formula">
    <div class="disp-formula">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <div class="formula"><xsl:apply-templates select="node() except label"/></div>
      <xsl:if test="label"><span class="formula-label"><xsl:apply-templates select="label/node()"/></span></xsl:if>
    </div>
  </xsl:template>

  <!-- A numbered group (an author's equations laid out in a table, with one number): the number at the right of
       the formulas, as a single formula's. -->
  <xsl:template match="disp-formula-group">
    <div class="disp-formula-group">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <div class="formulas"><xsl:apply-templates select="node() except label"/></div>
      <xsl:if test="label"><span class="formula-label"><xsl:apply-templates select="label/node()"/></span></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="tex-math"><code class="tex-math"><xsl:value-of select="."/></code></xsl:template>

  <!-- ===== MathML as MathML (mode "mathml") ===== -->
  <!-- MathML attributes that only describe layout. -->
  <xsl:variable name="f:mathml-attributes" as="xs:string*" select="('display', 'displaystyle', 'scriptlevel',
      'mathvariant', 'mathsize', 'mathcolor', 'mathbackground', 'dir', 'fence', 'separator', 'stretchy', 'symmetric',
      'largeop', 'movablelimits', 'accent', 'accentunder', 'lspace', 'rspace', 'minsize', 'maxsize', 'form',
      'linethickness', 'width', 'height', 'depth', 'voffset', 'notation', 'open', 'close', 'separators',
      'columnalign', 'rowalign', 'columnspan', 'rowspan', 'columnlines', 'rowlines', 'columnspacing', 'rowspacing',
      'frame', 'framespacing', 'equalrows', 'equalcolumns', 'align', 'alttext', 'numalign', 'denomalign', 'bevelled',
      'subscriptshift', 'superscriptshift', 'scriptminsize', 'scriptsizemultiplier', 'linebreak', 'columnwidth')"/>

  <xsl:template match="mml:*" mode="mathml">
    <xsl:element name="{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:apply-templates select="@*" mode="mathml"/>
      <xsl:if test="self::mml:math">
        <xsl:attribute name="display" select="if (ancestor::disp-formula) then 'block' else 'inline'"/>
      </xsl:if>
      <xsl:apply-templates mode="mathml"/>
    </xsl:element>
  </xsl:template>

  <!-- A semantics element shows its first child; annotations (which may hold HTML) never come through. -->
  <xsl:template match="mml:semantics" mode="mathml">
    <xsl:apply-templates select="(* except (mml:annotation, mml:annotation-xml))[1]" mode="mathml"/>
  </xsl:template>
  <xsl:template match="mml:annotation | mml:annotation-xml | mml:mglyph" mode="mathml"/>

  <xsl:template match="@*" mode="mathml">
    <xsl:if test="namespace-uri() = '' and local-name() = $f:mathml-attributes">
      <xsl:attribute name="{local-name()}" select="."/>
    </xsl:if>
  </xsl:template>

  <!-- Anything not MathML inside a formula: its text only. -->
  <xsl:template match="*" mode="mathml">
    <xsl:if test="normalize-space()">
      <mtext xmlns="http://www.w3.org/1998/Math/MathML"><xsl:value-of select="."/></mtext>
    </xsl:if>
  </xsl:template>
  <xsl:template match="text()" mode="mathml"><xsl:value-of select="."/></xsl:template>


  <!-- ===== MathML as HTML ===== -->
  <xsl:variable name="f:spaced-operators" as="xs:string*"
                select="('=', '+', '−', '-', '×', '±', '∓', '≤', '≥', '&lt;', '&gt;', '≈', '≠', '≡', '→', '←', '↔', '⇒', '∈', '∝', '÷', '·')"/>

  <xsl:template match="mml:mi" mode="math">
    <xsl:variable name="t" select="normalize-space(.)"/>
    <xsl:choose>
      <xsl:when test="string-length($t) = 1 and not(@mathvariant = ('normal', 'bold')) or @mathvariant = 'italic'"><i class="mi"><xsl:value-of select="$t"/></i></xsl:when>
      <xsl:when test="@mathvariant = ('bold', 'bold-italic')"><b class="mi"><xsl:value-of select="$t"/></b></xsl:when>
      <xsl:otherwise><span class="mi"><xsl:value-of select="$t"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mml:mn | mml:mtext | mml:ms" mode="math">
    <span class="{local-name()}"><xsl:value-of select="."/></span>
  </xsl:template>

  <xsl:template match="mml:mo" mode="math">
    <xsl:variable name="t" select="normalize-space(.)"/>
    <xsl:variable name="spaced" select="$t = $f:spaced-operators and exists(preceding-sibling::*)"/>
    <span class="mo{' op'[$spaced]}"><xsl:value-of select="if ($t = '-') then '−' else $t"/></span>
  </xsl:template>

  <xsl:template match="mml:mspace" mode="math">
    <span class="mspace"><xsl:text> </xsl:text></span>
  </xsl:template>

  <xsl:template match="mml:mrow | mml:mstyle | mml:mpadded | mml:menclose | mml:merror | mml:maction[not(@selection)]" mode="math">
    <xsl:apply-templates mode="math"/>
  </xsl:template>
  <xsl:template match="mml:mphantom | mml:annotation | mml:annotation-xml | mml:none | mml:mprescripts" mode="math"/>
  <xsl:template match="mml:semantics" mode="math">
    <xsl:apply-templates select="*[1]" mode="math"/>
  </xsl:template>

  <xsl:template match="mml:msup" mode="math">
    <xsl:apply-templates select="*[1]" mode="math"/><sup><xsl:apply-templates select="*[2]" mode="math"/></sup>
  </xsl:template>
  <xsl:template match="mml:msub" mode="math">
    <xsl:apply-templates select="*[1]" mode="math"/><sub><xsl:apply-templates select="*[2]" mode="math"/></sub>
  </xsl:template>
  <xsl:template match="mml:msubsup" mode="math">
    <xsl:apply-templates select="*[1]" mode="math"/>
    <span class="scripts"><sup><xsl:apply-templates select="*[3]" mode="math"/></sup><sub><xsl:apply-templates select="*[2]" mode="math"/></sub></span>
  </xsl:template>

  <!-- Under/over: limits of large operators as scripts; accents (x̄, x̂) as a rule or a combining mark. -->
  <xsl:template match="mml:munder | mml:mover | mml:munderover" mode="math">
    <xsl:variable name="over" select="if (self::mml:mover) then *[2] else if (self::mml:munderover) then *[3] else ()"/>
    <xsl:variable name="under" select="if (self::mml:mover) then () else *[2]"/>
    <xsl:choose>
      <xsl:when test="self::mml:mover and normalize-space($over) = ('¯', '‾', '_', '―', '−')">
        <span class="overline"><xsl:apply-templates select="*[1]" mode="math"/></span>
      </xsl:when>
      <xsl:when test="self::mml:mover and normalize-space($over) = ('^', 'ˆ', '~', '˜', '˙', '→')">
        <xsl:apply-templates select="*[1]" mode="math"/>
        <xsl:value-of select="map {'^': '&#x302;', 'ˆ': '&#x302;', '~': '&#x303;', '˜': '&#x303;', '˙': '&#x307;', '→': '&#x20D7;'}(normalize-space($over))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="*[1]" mode="math"/>
        <xsl:if test="$under and $over">
          <span class="scripts"><sup><xsl:apply-templates select="$over" mode="math"/></sup><sub><xsl:apply-templates select="$under" mode="math"/></sub></span>
        </xsl:if>
        <xsl:if test="$under and not($over)"><sub><xsl:apply-templates select="$under" mode="math"/></sub></xsl:if>
        <xsl:if test="$over and not($under)"><sup><xsl:apply-templates select="$over" mode="math"/></sup></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mml:mfrac" mode="math">
    <span class="frac"><span class="num"><xsl:apply-templates select="*[1]" mode="math"/></span><span
          class="den"><xsl:apply-templates select="*[2]" mode="math"/></span></span>
  </xsl:template>

  <xsl:template match="mml:msqrt" mode="math">
    <span class="radical">√</span><span class="radicand"><xsl:apply-templates mode="math"/></span>
  </xsl:template>
  <xsl:template match="mml:mroot" mode="math">
    <sup class="root-index"><xsl:apply-templates select="*[2]" mode="math"/></sup><span class="radical">√</span><span
          class="radicand"><xsl:apply-templates select="*[1]" mode="math"/></span>
  </xsl:template>

  <xsl:template match="mml:mfenced" mode="math">
    <xsl:variable name="separators" select="string-to-codepoints(replace((@separators, ',')[1], '\s', '')) ! codepoints-to-string(.)"/>
    <span class="mo"><xsl:value-of select="(@open, '(')[1]"/></span>
    <xsl:for-each select="*">
      <xsl:if test="position() gt 1 and exists($separators)">
        <span class="mo"><xsl:value-of select="($separators[position() - 1], $separators[last()])[1]"/></span>
      </xsl:if>
      <xsl:apply-templates select="." mode="math"/>
    </xsl:for-each>
    <span class="mo"><xsl:value-of select="(@close, ')')[1]"/></span>
  </xsl:template>

  <xsl:template match="mml:mtable" mode="math">
    <span class="mtable"><xsl:apply-templates select="mml:mtr | mml:mlabeledtr" mode="math"/></span>
  </xsl:template>
  <xsl:template match="mml:mtr | mml:mlabeledtr" mode="math">
    <span class="mtr"><xsl:apply-templates select="mml:mtd" mode="math"/></span>
  </xsl:template>
  <xsl:template match="mml:mtd" mode="math">
    <span class="mtd"><xsl:apply-templates mode="math"/></span>
  </xsl:template>

  <xsl:template match="mml:mmultiscripts" mode="math">
    <xsl:apply-templates select="*[1]" mode="math"/>
    <xsl:for-each select="*[position() gt 1][not(self::mml:mprescripts)][position() mod 2 = 1]">
      <span class="scripts"><sup><xsl:apply-templates select="following-sibling::*[1]" mode="math"/></sup><sub><xsl:apply-templates select="." mode="math"/></sub></span>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="mml:*" mode="math">
    <xsl:apply-templates mode="math"/>
  </xsl:template>
  <xsl:template match="text()[not(normalize-space())]" mode="math"/>

</xsl:stylesheet>
