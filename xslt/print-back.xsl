<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-back.xsl: back matter, references and the author-queries page.
  Input:  article/back (ack, sections such as supplementary material, fn-group with the statements and
          footnotes, ref-list, app-group, notes), the funding statement of article-meta, and in proofs
          q:queries (urn:x-pipeline:print-queries), which pipeline/render/pdf.py adds to its private copy:
          <q:queries><q:query number="1" placed="yes|no">text</q:query>...</q:queries>.
  Output: HTML sections in small type at the end of the columns, in the journal's order: acknowledgements,
          statements (conflict of interest, funding), footnotes, references (AMA 11th edition from the
          element-citation parts: authors as surname and initials, all up to six, else the first three and
          "et al"; title; source; year;volume(issue):pages; doi; a mixed-citation as written); then the
          author-queries page: each query with its number, the page where its flag is, and room to answer.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:p="urn:x-pipeline:print-functions"
    xmlns:q="urn:x-pipeline:print-queries"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <!-- Headings of the statements, by fn-type; footnotes of other types are listed under "Footnotes". -->
  <xsl:variable name="p:statement-headings" as="map(xs:string, xs:string)"
                select="map {'coi-statement': 'Conflict of interest disclosure', 'conflict': 'Conflict of interest disclosure',
                             'financial-disclosure': 'Financial disclosure', 'funding-statement': 'Funding',
                             'ethics-statement': 'Ethics committee approval', 'data-availability': 'Data availability',
                             'supplementary-material': 'Supplementary material', 'con': 'Author contributions'}"/>

  <xsl:template match="back">
    <div class="back">
      <xsl:call-template name="p:flags"/>
      <xsl:apply-templates select="ack"/>
      <xsl:apply-templates select="sec | app-group | app | glossary | notes"/>
      <xsl:apply-templates select="fn-group/fn[@fn-type = map:keys($p:statement-headings)]"/>
      <xsl:for-each select="$meta/funding-group/funding-statement[normalize-space()]">
        <section class="statement">
          <h2>Funding</h2>
          <p><xsl:apply-templates/></p>
        </section>
      </xsl:for-each>
      <xsl:variable name="footnotes" select="fn-group/fn[not(@fn-type = map:keys($p:statement-headings))]"/>
      <xsl:if test="$footnotes">
        <section class="footnotes">
          <h2><xsl:value-of select="(p:plain((fn-group/title)[1])[. != ''], 'Footnotes')[1]"/></h2>
          <xsl:apply-templates select="$footnotes"/>
        </section>
      </xsl:if>
      <xsl:apply-templates select="ref-list"/>
    </div>
  </xsl:template>

  <xsl:template match="ack">
    <section class="ack">
      <xsl:call-template name="p:flags"/>
      <h2><xsl:value-of select="(p:plain(title)[. != ''], 'Acknowledgements')[1]"/></h2>
      <xsl:apply-templates select="node() except (title, label, processing-instruction())"/>
    </section>
  </xsl:template>

  <xsl:template match="back/notes | back/app-group | back/app | back/glossary">
    <section class="{local-name()}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="p:flags"/>
      <xsl:for-each select="title[normalize-space()]"><h2><xsl:apply-templates/></h2></xsl:for-each>
      <xsl:apply-templates select="node() except (title, label, processing-instruction())"/>
    </section>
  </xsl:template>

  <xsl:template match="fn-group/fn">
    <xsl:variable name="heading" select="$p:statement-headings(string(@fn-type))"/>
    <xsl:choose>
      <xsl:when test="exists($heading)">
        <section class="statement">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <h2><xsl:value-of select="(p:plain(title)[. != ''], $heading)[1]"/></h2>
          <xsl:call-template name="p:flags"/>
          <xsl:apply-templates select="node() except (title, label, processing-instruction())"/>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <div class="footnote">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <xsl:call-template name="p:flags"/>
          <xsl:if test="label"><sup class="fn-label"><xsl:apply-templates select="label/node()"/></sup><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates select="node() except (label, processing-instruction())"/>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== references ===== -->
  <xsl:template match="ref-list">
    <section class="references">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="p:flags"/>
      <h2><xsl:value-of select="(p:plain(title)[. != ''], 'References')[1]"/></h2>
      <xsl:apply-templates select="* except (title, label, ref)"/>
      <xsl:if test="ref">
        <ol class="ref-list">
          <xsl:apply-templates select="ref"/>
        </ol>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="ref">
    <li class="ref">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <span class="ref-label"><xsl:value-of select="(replace(p:plain(label), '\.$', '')[. != ''], string(position()))[1]"/>.</span>
      <xsl:text> </xsl:text>
      <xsl:call-template name="p:flags"/>
      <xsl:for-each select="element-citation | mixed-citation | citation | nlm-citation">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:call-template name="p:flags"/>
        <xsl:choose>
          <xsl:when test="self::mixed-citation or text()[normalize-space()]"><xsl:apply-templates mode="as-given"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="p:ama"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </li>
  </xsl:template>

  <!-- A mixed citation as written: its inline markup and links; parts written side by side get a space. -->
  <xsl:template match="node()" mode="as-given"><xsl:apply-templates select="."/></xsl:template>
  <xsl:template match="*[not(self::bold or self::italic or self::sup or self::sub or self::ext-link or self::uri
                       or self::email or self::sc or self::underline)]" mode="as-given">
    <xsl:if test="preceding-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates mode="as-given"/>
  </xsl:template>
  <xsl:template match="name[not(text()[normalize-space()])]" mode="as-given" priority="1">
    <xsl:if test="preceding-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
    <xsl:value-of select="string-join(* ! normalize-space(.), ' ')"/>
  </xsl:template>

  <xsl:template name="p:ama">
    <xsl:variable name="type" select="lower-case(string(@publication-type))"/>
    <xsl:variable name="group" select="(person-group[not(@person-group-type) or @person-group-type = 'author'])[1]"/>
    <xsl:variable name="names" select="if ($group) then $group/(name | string-name | collab) else (name | string-name | collab)"/>
    <xsl:variable name="editors" select="person-group[@person-group-type = 'editor'][1]"/>
    <xsl:variable name="title" select="(chapter-title, article-title, data-title, part-title)[1]"/>
    <xsl:variable name="is-journal" select="$type = ('journal', 'periodical') or ($type = '' and (volume or issue) and not(publisher-name))"/>
    <xsl:if test="$names">
      <xsl:value-of select="p:ama-names($names, exists(($group, .)[1]/etal))"/>
      <xsl:text>. </xsl:text>
    </xsl:if>
    <xsl:for-each select="$title">
      <xsl:apply-templates/>
      <xsl:value-of select="p:stop(.)"/>
    </xsl:for-each>
    <xsl:if test="chapter-title">
      <xsl:text>In: </xsl:text>
      <xsl:if test="$editors">
        <xsl:value-of select="p:ama-names($editors/(name | string-name | collab), exists($editors/etal))"/>
        <xsl:text>, eds. </xsl:text>
      </xsl:if>
    </xsl:if>
    <xsl:for-each select="source[1]">
      <i><xsl:apply-templates/></i>
      <xsl:value-of select="p:stop(.)"/>
    </xsl:for-each>
    <xsl:for-each select="edition[1]">
      <xsl:value-of select="normalize-space(.)"/>
      <xsl:if test="not(matches(normalize-space(.), 'ed\.?$'))"> ed</xsl:if>
      <xsl:text>. </xsl:text>
    </xsl:for-each>
    <xsl:variable name="pages" select="p:pages(.)"/>
    <xsl:choose>
      <xsl:when test="$is-journal">
        <!-- 2012;31(4):675-692. -->
        <xsl:variable name="vol-issue" select="normalize-space(volume[1]) || string-join(normalize-space(issue[1])[. != ''] ! ('(' || . || ')'))"/>
        <xsl:variable name="when" select="string-join((normalize-space(year[1])[. != ''], $vol-issue[. != '']), ';')"/>
        <xsl:variable name="all" select="string-join(($when[. != ''], $pages[. != '']), ':')"/>
        <xsl:if test="$all != ''"><xsl:value-of select="$all"/>. </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="publisher" select="string-join((normalize-space(publisher-loc[1])[. != ''], normalize-space(publisher-name[1])[. != '']), ': ')"/>
        <xsl:variable name="when" select="string-join((normalize-space(year[1])[. != ''], $pages[. != '']), ':')"/>
        <xsl:variable name="all" select="string-join(($publisher[. != ''], $when[. != '']), '; ')"/>
        <xsl:if test="$all != ''"><xsl:value-of select="$all"/>. </xsl:if>
        <xsl:for-each select="date-in-citation[1]">Accessed <xsl:value-of select="normalize-space(.)"/>. </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:for-each select="comment[normalize-space()]"><xsl:apply-templates/><xsl:text> </xsl:text></xsl:for-each>
    <xsl:for-each select="ext-link | uri"><xsl:apply-templates select="."/><xsl:text> </xsl:text></xsl:for-each>
    <xsl:for-each select="(pub-id[@pub-id-type = 'doi'])[1]">
      <xsl:variable name="d" select="replace(normalize-space(.), '^(https?://(dx\.)?doi\.org/|doi:\s*)', '', 'i')"/>
      <xsl:text>doi:</xsl:text><a class="ref-doi" href="{p:doi-url($d)}"><xsl:value-of select="$d"/></a>
    </xsl:for-each>
  </xsl:template>

  <!-- "Economopoulos KJ, Brockmeier SF"; more than six: the first three and "et al". -->
  <xsl:function name="p:ama-names" as="xs:string">
    <xsl:param name="names" as="element()*"/>
    <xsl:param name="etal" as="xs:boolean"/>
    <xsl:variable name="all" select="for $n in $names return
                                     if ($n/surname) then string-join((normalize-space($n/surname),
                                       replace(p:initials($n/given-names), '\.', '')[. != ''], normalize-space($n/suffix)[. != '']), ' ')
                                     else p:plain($n)"/>
    <xsl:sequence select="if (count($all) gt 6) then string-join(($all[position() le 3], 'et al'), ', ')
                          else string-join(($all, 'et al'[$etal]), ', ')"/>
  </xsl:function>

  <xsl:function name="p:stop" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if (matches(normalize-space($e), '[.?!]$')) then ' ' else '. '"/>
  </xsl:function>

  <xsl:function name="p:pages" as="xs:string">
    <xsl:param name="c" as="element()"/>
    <xsl:variable name="f" select="normalize-space($c/fpage[1])"/>
    <xsl:variable name="l" select="normalize-space($c/lpage[1])"/>
    <xsl:sequence select="if ($f and $l and $f != $l) then $f || '-' || $l else if ($f) then $f
                          else (normalize-space($c/page-range[1])[. != ''], normalize-space($c/elocation-id[1]))[1]"/>
  </xsl:function>

  <!-- ===== the author-queries page (proofs) ===== -->
  <xsl:template match="q:queries">
    <section class="author-queries no-line-numbers">
      <h2>Author queries</h2>
      <p class="queries-intro">Please answer each query below. Its flag (Q1, Q2 …) marks the place in the text it concerns.
        <xsl:if test="$doi != ''"> Article DOI: <xsl:value-of select="$doi"/>.</xsl:if></p>
      <table class="queries">
        <thead><tr><th scope="col">Query</th><th scope="col">Page</th><th scope="col">Question</th><th scope="col">Answer</th></tr></thead>
        <tbody>
          <xsl:for-each select="q:query">
            <tr id="q{@number}">
              <td class="q-number">Q<xsl:value-of select="@number"/></td>
              <td class="q-page">
                <xsl:choose>
                  <xsl:when test="@placed = 'yes'"><a class="q-page-ref" href="#qm{@number}"></a></xsl:when>
                  <xsl:otherwise>–</xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="q-text"><xsl:value-of select="."/></td>
              <td class="q-answer"></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

</xsl:stylesheet>
