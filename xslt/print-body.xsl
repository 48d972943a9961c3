<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-body.xsl: the article body for the two-column print layout.
  Input:  article/body (docs/jats-profile.md: nested sec, p, list, tables and figures placed after the
          paragraph that first cites them, MathML formulas); the shared variables of jats-to-print.xsl.
  Output: HTML blocks in reading order: sections with h2..h5 headings, paragraphs, the key-points box before the
          first section (where the journal places it there), tables (caption above, thead that WeasyPrint
          repeats on each page a table breaks onto, footnotes below) and figures (parts side by side, two or
          three a row by the class parts-1 ... parts-4, parts-many, caption below), formulas. Tables with more
          than three columns and figures with more than one part get the class "wide" and print across both
          columns; nothing is wider than the page. Lists, boxes, cross-references, table cells, links and inline
          markup are the core's.

  MathML: WeasyPrint draws no MathML, so formulas are drawn as inline HTML (core-math.xsl, mode "math").
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:p="urn:x-pipeline:print-functions"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- The body, with the key-points box before its first section (or at its end when it has none), unless the
       journal places it under the abstract (print-front.xsl). -->
  <xsl:template name="p:body-with-main-points">
    <xsl:variable name="points" select="$meta/abstract[@abstract-type = 'key-points'][$f:style?key-points?placement != 'after-abstract']"/>
    <xsl:variable name="first-sec" select="(/article/body/sec)[1]"/>
    <xsl:call-template name="f:flags"><xsl:with-param name="of" select="/article/body"/></xsl:call-template>
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
        <xsl:call-template name="f:flags"><xsl:with-param name="of" select=".."/></xsl:call-template>
        <xsl:apply-templates select="../label" mode="heading-label"/>
        <xsl:apply-templates/>
      </xsl:element>
    </xsl:for-each>
    <xsl:if test="not(title[normalize-space()])">
      <xsl:call-template name="f:flags"/>
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

  <!-- ===== tables ===== -->
  <!-- Where a table is printed is pipeline/render/pdf_tables.py's decision, from its content's widths ($table-fits:
       in a column, across the page, at a smaller size, on a landscape page); before it is known, a table of more
       than three columns goes across the page. A table that ran on to a new column or page in an earlier layout is
       printed in parts ($table-breaks): each later part under "Table N. Continued" (the house style's word) with
       the header rows again; the footnotes follow the last part. -->
  <xsl:template match="table-wrap">
    <xsl:variable name="n" select="p:table-number(.)"/>
    <xsl:variable name="fit" select="$p:table-fits($n)"/>
    <xsl:variable name="placement" select="($fit?placement, if (f:column-count((table, alternatives/table)[1]) gt 3) then 'page' else 'column')[1]"/>
    <xsl:variable name="tables" select="table | alternatives/table"/>
    <xsl:variable name="breaks" select="if (count($tables) = 1) then $p:table-breaks($n) else ()"/>
    <div class="{string-join(('table-wrap', 'wide'[$placement = ('page', 'landscape')], 'landscape'[$placement = 'landscape']), ' ')}"
         data-table="{$n}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="exists($fit?size)"><xsl:attribute name="style" select="'font-size: ' || $fit?size || 'pt'"/></xsl:if>
      <p class="table-caption">
        <xsl:call-template name="f:flags"/>
        <xsl:if test="label"><b class="caption-label"><xsl:value-of select="f:label-text(label)"/></b><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="caption/title/node()"/>
        <xsl:for-each select="caption/p">
          <xsl:text> </xsl:text><xsl:apply-templates/>
        </xsl:for-each>
      </p>
      <xsl:choose>
        <xsl:when test="exists($breaks)">
          <xsl:variable name="table" select="$tables"/>
          <xsl:variable name="label" select="f:label-text(label)"/>
          <xsl:variable name="bounds" select="(1, $breaks, 1000000000)"/>
          <xsl:for-each select="1 to count($bounds) - 1">
            <xsl:variable name="i" select="."/>
            <xsl:choose>
              <xsl:when test="$i = 1">
                <xsl:apply-templates select="$table" mode="table-part">
                  <xsl:with-param name="from" select="$bounds[$i]"/>
                  <xsl:with-param name="to" select="$bounds[$i + 1]"/>
                  <xsl:with-param name="last" select="false()"/>
                </xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise>
                <div class="table-part">
                  <p class="table-caption continued">
                    <xsl:if test="$label != ''"><b class="caption-label"><xsl:value-of select="$label"/></b><xsl:text> </xsl:text></xsl:if>
                    <xsl:value-of select="($f:style?tables?continued, 'Continued')[1]"/>
                  </p>
                  <xsl:apply-templates select="$table" mode="table-part">
                    <xsl:with-param name="from" select="$bounds[$i]"/>
                    <xsl:with-param name="to" select="$bounds[$i + 1]"/>
                    <xsl:with-param name="last" select="$i = count($bounds) - 1"/>
                  </xsl:apply-templates>
                </div>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="table | alternatives/table | graphic[not(../table)]"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="table-wrap-foot">
        <div class="table-foot"><xsl:apply-templates select="table-wrap-foot/node()"/></div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- The table-wrap's place among the article's tables, from 1 in document order (the key of $table-fits). -->
  <xsl:function name="p:table-number" as="xs:integer">
    <xsl:param name="wrap" as="element(table-wrap)"/>
    <xsl:sequence select="count($wrap/preceding::table-wrap) + count($wrap/ancestor::table-wrap) + 1"/>
  </xsl:function>

  <!-- A body row's place among its table's body rows, from 1 (the key of $table-breaks). -->
  <xsl:function name="p:row-number" as="xs:integer">
    <xsl:param name="tr" as="element(tr)"/>
    <xsl:sequence select="count($tr/preceding-sibling::tr) + count($tr/parent::tbody/preceding-sibling::tbody/tr) + 1"/>
  </xsl:function>

  <!-- The body rows from..to-1 of a table, with its column definitions and header rows (and its foot rows in the
       last part). -->
  <xsl:template match="table" mode="table-part">
    <xsl:param name="from" as="xs:integer"/>
    <xsl:param name="to" as="xs:integer"/>
    <xsl:param name="last" as="xs:boolean"/>
    <table class="{string-join(('table', @frame ! ('frame-' || .), @rules ! ('rules-' || .)), ' ')}">
      <xsl:apply-templates select="colgroup | col | thead" mode="table"/>
      <xsl:for-each select="tbody | .[tr]">
        <xsl:variable name="rows" select="tr[p:row-number(.) ge $from and p:row-number(.) lt $to]"/>
        <xsl:if test="$rows">
          <tbody>
            <xsl:for-each select="self::tbody"><xsl:call-template name="f:align-class"/></xsl:for-each>
            <xsl:apply-templates select="$rows" mode="table"/>
          </tbody>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="$last"><xsl:apply-templates select="tfoot" mode="table"/></xsl:if>
    </table>
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
      <xsl:apply-templates select="colgroup | col | thead | tbody | tfoot" mode="table"/>
      <xsl:if test="tr"><tbody><xsl:apply-templates select="tr" mode="table"/></tbody></xsl:if>
    </table>
  </xsl:template>

  <!-- ===== figures ===== -->
  <xsl:template match="fig">
    <xsl:call-template name="p:figure"/>
  </xsl:template>

  <!-- A figure (or supplementary material that shows images, with the class "supplementary"): its parts side by
       side, across the page ("wide") when it has several, its label and caption below. Supplementary material is
       always across the page, its images a third of the page wide each (as the seed prints them; print.css): a
       single one with its caption beside it. -->
  <xsl:template name="p:figure">
    <xsl:param name="kind" as="xs:string?" select="()"/>
    <xsl:variable name="parts" select="graphic"/>
    <xsl:variable name="wide" select="count($parts) gt 1 or $kind = 'supplementary'"/>
    <figure class="{string-join(('fig', $kind, 'wide'[$wide], 'parts-' || (if (count($parts) ge 5) then 'many' else count($parts))), ' ')}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <div class="fig-graphics">
        <xsl:apply-templates select="$parts"/>
      </div>
      <figcaption>
        <xsl:call-template name="f:flags"/>
        <xsl:if test="label"><b class="caption-label"><xsl:value-of select="f:label-text(label)"/></b><xsl:text> </xsl:text></xsl:if>
        <xsl:for-each select="caption/title">
          <xsl:apply-templates/>
          <xsl:if test="not(matches(f:text(.), '[.?!:]$'))">.</xsl:if>
          <xsl:text> </xsl:text>
        </xsl:for-each>
        <xsl:for-each select="caption/p">
          <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates/>
        </xsl:for-each>
      </figcaption>
      <xsl:if test="self::supplementary-material">
        <xsl:apply-templates select="* except (label, caption, graphic, object-id, alt-text, long-desc, processing-instruction())"/>
      </xsl:if>
    </figure>
  </xsl:template>

  <xsl:template match="fig/graphic | table-wrap/graphic | supplementary-material[graphic]/graphic">
    <xsl:variable name="fig-label" select="f:text(../label)"/>
    <div class="fig-part">
      <xsl:call-template name="f:flags"/>
      <img src="{f:figure-src(@xlink:href)}"
           alt="{f:alt-text(.)}"/>
      <xsl:if test="label and count(../graphic) gt 1">
        <span class="part-label"><xsl:value-of select="f:text(label)"/></span>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- Supplementary material that shows images is printed as a figure is, so that the layout places it as it places
       the figures. -->
  <xsl:template match="supplementary-material[graphic]">
    <xsl:call-template name="p:figure"><xsl:with-param name="kind" select="'supplementary'"/></xsl:call-template>
  </xsl:template>

  <!-- Other supplementary material: its label and caption, and what it holds (a supplementary table is printed as
       the web page shows it: nothing of the author's is left out of the PDF). -->
  <xsl:template match="supplementary-material">
    <div class="supplementary">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label or caption">
        <p>
          <xsl:call-template name="f:flags"/>
          <xsl:if test="label"><b class="caption-label"><xsl:value-of select="f:label-text(label)"/></b><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates select="caption/title/node()"/>
          <xsl:for-each select="caption/p"><xsl:text> </xsl:text><xsl:apply-templates/></xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="not(label or caption)"><xsl:call-template name="f:flags"/></xsl:if>
      <xsl:apply-templates select="* except (label, caption, object-id, alt-text, long-desc, processing-instruction())"/>
    </div>
  </xsl:template>

  <!-- ===== formulas: MathML drawn as HTML (core-math.xsl) ===== -->
  <xsl:template match="mml:math">
    <span class="math">
      <xsl:apply-templates mode="math"/>
    </span>
  </xsl:template>

</xsl:stylesheet>
