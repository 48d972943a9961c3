<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-body.xsl: the article body for the two-column print layout.
  Input:  article/body (docs/jats-profile.md: nested sec, p, list, tables and figures placed after the
          paragraph that first cites them, MathML formulas); the shared variables of jats-to-print.xsl.
  Output: HTML blocks in reading order: sections with h2..h5 headings, paragraphs, lists, the
          "Main points" box before the first section, tables (caption above, thead that WeasyPrint repeats
          on each page a table breaks onto, footnotes below) and figures (parts side by side, two or three a row
          by the class parts-1 ... parts-4, parts-many, caption below), formulas. Tables with more than three columns and figures with more than one part get the class
          "wide" and print across both columns; nothing is wider than the page.

  MathML: WeasyPrint draws no MathML, so formulas become inline HTML that prints the same symbols:
  identifiers in italics, sup/sub for scripts, stacked fractions, a radical sign with a rule over its
  content, operators with thin spaces; the text stays searchable. An alttext or TeX alternative is not used.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:p="urn:x-pipeline:print-functions"
    exclude-result-prefixes="#all">

  <!-- The body, with the Main points box before its first section (or at its end when it has none). -->
  <xsl:template name="p:body-with-main-points">
    <xsl:variable name="points" select="$meta/abstract[@abstract-type = 'key-points']"/>
    <xsl:variable name="first-sec" select="(/article/body/sec)[1]"/>
    <xsl:call-template name="p:flags"><xsl:with-param name="of" select="/article/body"/></xsl:call-template>
    <xsl:for-each select="/article/body/node()[not(self::processing-instruction())]">
      <xsl:if test=". is $first-sec"><xsl:apply-templates select="$points"/></xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
    <xsl:if test="not($first-sec)"><xsl:apply-templates select="$points"/></xsl:if>
  </xsl:template>

  <!-- ===== sections and blocks ===== -->
  <!-- Sections are not wrapped: their headings and blocks are a flat sequence, which jats-to-print.xsl cuts
       into column blocks around the wide tables and figures. -->
  <xsl:template match="sec">
    <xsl:variable name="level" select="min((count(ancestor::sec) + 2, 5))"/>
    <xsl:for-each select="title[normalize-space()]">
      <xsl:element name="h{$level}">
        <xsl:attribute name="class" select="string-join(('sec-title', ../@sec-type ! ('sec-' || .)), ' ')"/>
        <xsl:for-each select="../@id"><xsl:attribute name="id" select="."/></xsl:for-each>
        <xsl:call-template name="p:flags"><xsl:with-param name="of" select=".."/></xsl:call-template>
        <xsl:apply-templates select="../label" mode="heading-label"/>
        <xsl:apply-templates/>
      </xsl:element>
    </xsl:for-each>
    <xsl:if test="not(title[normalize-space()])">
      <xsl:call-template name="p:flags"/>
    </xsl:if>
    <xsl:apply-templates select="node() except (title, label, processing-instruction())"/>
  </xsl:template>

  <xsl:template match="label" mode="heading-label">
    <xsl:apply-templates/><xsl:text> </xsl:text>
  </xsl:template>

  <!-- A paragraph holding a block (list, formula, table...) cannot be an HTML <p>. -->
  <xsl:template match="p">
    <xsl:element name="{if (list | disp-formula | disp-quote | table-wrap | fig | boxed-text | def-list | preformat) then 'div' else 'p'}">
      <xsl:attribute name="class" select="string-join(('p', @content-type), ' ')"/>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list">
    <xsl:variable name="type" select="string(@list-type)"/>
    <xsl:element name="{if ($type = ('order', 'alpha-lower', 'alpha-upper', 'roman-lower', 'roman-upper')) then 'ol' else 'ul'}">
      <xsl:attribute name="class" select="'list list-' || ($type[. != ''], 'bullet')[1]"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list-item">
    <li>
      <xsl:if test="label"><xsl:attribute name="class" select="'labelled'"/><span class="item-label"><xsl:apply-templates select="label/node()"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates select="node() except label"/>
    </li>
  </xsl:template>

  <!-- list-item/p: one paragraph per item prints as the item's text -->
  <xsl:template match="list-item/p[count(../p) = 1]">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="def-list">
    <dl class="def-list"><xsl:apply-templates select="def-item"/></dl>
  </xsl:template>
  <xsl:template match="def-item">
    <dt><xsl:apply-templates select="term/node()"/></dt>
    <dd><xsl:apply-templates select="def/node()"/></dd>
  </xsl:template>

  <xsl:template match="disp-quote">
    <blockquote><xsl:apply-templates/></blockquote>
  </xsl:template>

  <xsl:template match="boxed-text">
    <div class="boxed-text">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:for-each select="caption/title | title"><h4><xsl:apply-templates/></h4></xsl:for-each>
      <xsl:apply-templates select="node() except (caption, title, label)"/>
    </div>
  </xsl:template>

  <xsl:template match="preformat | code">
    <pre class="preformat"><xsl:apply-templates/></pre>
  </xsl:template>

  <!-- ===== inline ===== -->
  <xsl:key name="p:by-id" match="*[@id]" use="string(@id)"/>

  <xsl:template match="bold"><b><xsl:apply-templates/></b></xsl:template>
  <xsl:template match="italic"><i><xsl:apply-templates/></i></xsl:template>
  <xsl:template match="underline"><u><xsl:apply-templates/></u></xsl:template>
  <xsl:template match="sup"><sup><xsl:apply-templates/></sup></xsl:template>
  <xsl:template match="sub"><sub><xsl:apply-templates/></sub></xsl:template>
  <xsl:template match="sc"><span class="sc"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="monospace"><code><xsl:apply-templates/></code></xsl:template>
  <xsl:template match="strike"><s><xsl:apply-templates/></s></xsl:template>
  <xsl:template match="overline"><span class="overline"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="break"><br/></xsl:template>
  <xsl:template match="named-content | styled-content | abbrev | roman | sans-serif"><xsl:apply-templates/></xsl:template>
  <xsl:template match="alt-text | fn-group/title"/>

  <xsl:template match="xref">
    <xsl:variable name="rid" select="tokenize(normalize-space(@rid), ' ')[1]"/>
    <xsl:choose>
      <xsl:when test="$rid and key('p:by-id', $rid)">
        <a class="xref xref-{(@ref-type, 'other')[1]}" href="#{$rid}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ext-link | uri">
    <xsl:variable name="href" select="p:safe-href((@xlink:href, string(.))[1])"/>
    <xsl:choose>
      <xsl:when test="$href"><a class="ext-link" href="{$href}"><xsl:apply-templates/></a></xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="email">
    <a class="email" href="mailto:{normalize-space(.)}"><xsl:value-of select="normalize-space(.)"/></a>
  </xsl:template>

  <xsl:template match="inline-graphic">
    <img class="inline-graphic" src="{p:figure-src(@xlink:href)}" alt="{(p:plain(alt-text)[. != ''], 'graphic')[1]}"/>
  </xsl:template>

  <!-- ===== tables ===== -->
  <xsl:function name="p:label" as="xs:string">
    <xsl:param name="label" as="element()?"/>
    <xsl:variable name="l" select="p:plain($label)"/>
    <xsl:sequence select="if ($l = '' or matches($l, '[.:]$')) then $l else $l || '.'"/>
  </xsl:function>

  <xsl:function name="p:column-count" as="xs:integer">
    <xsl:param name="table" as="element()?"/>
    <xsl:sequence select="max((0, for $tr in $table//tr return sum(for $c in $tr/(th | td) return
                          (xs:integer(@colspan[. castable as xs:integer]), 1)[1])))"/>
  </xsl:function>

  <xsl:template match="table-wrap">
    <xsl:variable name="wide" select="p:column-count((table, alternatives/table)[1]) gt 3"/>
    <div class="{string-join(('table-wrap', 'wide'[$wide]), ' ')}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <p class="table-caption">
        <xsl:call-template name="p:flags"/>
        <xsl:if test="label"><b class="caption-label"><xsl:value-of select="p:label(label)"/></b><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="caption/title/node()"/>
        <xsl:for-each select="caption/p">
          <xsl:text> </xsl:text><xsl:apply-templates/>
        </xsl:for-each>
      </p>
      <xsl:apply-templates select="table | alternatives/table | graphic[not(../table)]"/>
      <xsl:if test="table-wrap-foot">
        <div class="table-foot"><xsl:apply-templates select="table-wrap-foot/node()"/></div>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="table-wrap-foot/fn | table-wrap-foot/fn-group/fn">
    <p class="table-fn">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label"><xsl:apply-templates select="label/node()"/><xsl:text> </xsl:text></xsl:if>
      <xsl:for-each select="p">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates/>
      </xsl:for-each>
    </p>
  </xsl:template>

  <xsl:template match="table-wrap-foot/p">
    <p class="table-fn"><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="table">
    <table class="{string-join(('table', @frame ! ('frame-' || .), @rules ! ('rules-' || .)), ' ')}">
      <xsl:apply-templates select="colgroup | col | thead | tbody | tfoot"/>
      <xsl:if test="tr"><tbody><xsl:apply-templates select="tr"/></tbody></xsl:if>
    </table>
  </xsl:template>

  <xsl:template match="colgroup | col | thead | tbody | tfoot | tr">
    <xsl:element name="{local-name()}">
      <xsl:copy-of select="@span"/>
      <xsl:apply-templates select="*"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="th | td">
    <xsl:element name="{local-name()}">
      <xsl:copy-of select="@colspan | @rowspan | @scope"/>
      <xsl:variable name="style" select="string-join((@align[. = ('left', 'right', 'center', 'justify')] ! ('text-align: ' || .),
                                         @valign[. = ('top', 'middle', 'bottom')] ! ('vertical-align: ' || .)), '; ')"/>
      <xsl:if test="$style != ''"><xsl:attribute name="style" select="$style"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ===== figures ===== -->
  <xsl:function name="p:figure-src" as="xs:string">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:sequence select="$figures-dir || encode-for-uri(normalize-space($href))"/>
  </xsl:function>

  <xsl:template match="fig">
    <xsl:variable name="parts" select="graphic"/>
    <xsl:variable name="wide" select="count($parts) gt 1"/>
    <figure class="{string-join(('fig', 'wide'[$wide], 'parts-' || (if (count($parts) ge 5) then 'many' else count($parts))), ' ')}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <div class="fig-graphics">
        <xsl:apply-templates select="$parts"/>
      </div>
      <figcaption>
        <xsl:call-template name="p:flags"/>
        <xsl:if test="label"><b class="caption-label"><xsl:value-of select="p:label(label)"/></b><xsl:text> </xsl:text></xsl:if>
        <xsl:for-each select="caption/title">
          <xsl:apply-templates/>
          <xsl:if test="not(matches(p:plain(.), '[.?!:]$'))">.</xsl:if>
          <xsl:text> </xsl:text>
        </xsl:for-each>
        <xsl:for-each select="caption/p">
          <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates/>
        </xsl:for-each>
      </figcaption>
    </figure>
  </xsl:template>

  <xsl:template match="fig/graphic | table-wrap/graphic">
    <xsl:variable name="fig-label" select="p:plain(../label)"/>
    <div class="fig-part">
      <xsl:call-template name="p:flags"/>
      <img src="{p:figure-src(@xlink:href)}"
           alt="{(p:plain(alt-text)[. != ''], normalize-space(string-join(($fig-label, p:plain(label)), '')))[1]}"/>
      <xsl:if test="label and count(../graphic) gt 1">
        <span class="part-label"><xsl:value-of select="p:plain(label)"/></span>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="supplementary-material">
    <div class="supplementary">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <p>
        <xsl:call-template name="p:flags"/>
        <xsl:if test="label"><b class="caption-label"><xsl:value-of select="p:label(label)"/></b><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="caption/title/node()"/>
        <xsl:for-each select="caption/p"><xsl:text> </xsl:text><xsl:apply-templates/></xsl:for-each>
      </p>
    </div>
  </xsl:template>

  <!-- ===== formulas ===== -->
  <xsl:template match="inline-formula">
    <span class="inline-formula">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates select="(mml:math, alternatives/mml:math, tex-math, alternatives/tex-math)[1]"/>
    </span>
  </xsl:template>

  <xsl:template match="disp-formula">
    <div class="disp-formula">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <span class="formula"><xsl:apply-templates select="(mml:math, alternatives/mml:math, tex-math, alternatives/tex-math, graphic)[1]"/></span>
      <xsl:if test="label"><span class="formula-label"><xsl:value-of select="p:plain(label)"/></span></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="tex-math"><code class="tex-math"><xsl:value-of select="."/></code></xsl:template>
  <xsl:template match="disp-formula/graphic">
    <img src="{p:figure-src(@xlink:href)}" alt="{(p:plain(alt-text)[. != ''], 'formula')[1]}"/>
  </xsl:template>

  <xsl:template match="mml:math">
    <span class="math">
      <xsl:apply-templates mode="math"/>
    </span>
  </xsl:template>

  <!-- ===== MathML as HTML ===== -->
  <xsl:variable name="p:spaced-operators" as="xs:string*"
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
    <xsl:variable name="spaced" select="$t = $p:spaced-operators and exists(preceding-sibling::*)"/>
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
